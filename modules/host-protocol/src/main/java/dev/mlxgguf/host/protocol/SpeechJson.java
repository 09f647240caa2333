package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * JSON mapping of the speech-to-text records inside {@code Transcribe} / {@code Transcribed} frames.
 * Internal wire format, not the HTTP API. Decoded samples travel as base64 of little-endian float32.
 */
final class SpeechJson {

    private SpeechJson() {
    }

    static JsonObject request(TranscriptionRequest r) {
        JsonObjectBuilder b = Jsonp.object()
                .add("id", r.id())
                .add("audio", audio(r.audio()))
                .add("prompt", r.prompt())
                .add("temperature", r.temperature())
                .add("temperature_increment", r.temperatureIncrement())
                .add("word_timestamps", r.wordTimestamps())
                .add("max_duration_ms", r.maxDuration().toMillis())
                .add("threads", r.threads());
        r.language().ifPresent(l -> b.add("language", l));
        return b.build();
    }

    static TranscriptionRequest request(JsonObject o) {
        return new TranscriptionRequest(o.getString("id"), audio(o.getJsonObject("audio")),
                Optional.ofNullable(o.getString("language", null)), o.getString("prompt"),
                d(o, "temperature"), d(o, "temperature_increment"), o.getBoolean("word_timestamps"),
                Duration.ofMillis(o.getJsonNumber("max_duration_ms").longValue()), o.getInt("threads"));
    }

    private static JsonObject audio(AudioInput a) {
        return switch (a) {
            case AudioInput.File f -> Jsonp.object().add("file", f.path().toString()).build();
            case AudioInput.Samples s -> {
                float[] pcm = s.pcm();
                ByteBuffer bytes = ByteBuffer.allocate(pcm.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(pcm);
                yield Jsonp.object().add("samples", Base64.getEncoder().encodeToString(bytes.array())).build();
            }
        };
    }

    private static AudioInput audio(JsonObject o) {
        if (o.containsKey("file")) {
            return new AudioInput.File(Path.of(o.getString("file")));
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(o.getString("samples"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] pcm = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(pcm);
        return new AudioInput.Samples(pcm);
    }

    static JsonObject result(TranscriptionResult r) {
        JsonArrayBuilder segments = Jsonp.array();
        for (TranscriptionSegment s : r.segments()) {
            JsonArrayBuilder tokens = Jsonp.array();
            s.tokens().forEach(tokens::add);
            segments.add(Jsonp.object()
                    .add("id", s.id()).add("seek", s.seek()).add("start", s.start()).add("end", s.end())
                    .add("text", s.text()).add("tokens", tokens).add("temperature", s.temperature())
                    .add("avg_logprob", s.avgLogprob()).add("compression_ratio", s.compressionRatio())
                    .add("no_speech_prob", s.noSpeechProb()));
        }
        JsonArrayBuilder words = Jsonp.array();
        for (TranscriptionWord w : r.words()) {
            words.add(Jsonp.object().add("word", w.word()).add("start", w.start()).add("end", w.end()));
        }
        return Jsonp.object()
                .add("language", r.language())
                .add("language_name", r.languageName())
                .add("duration", r.duration())
                .add("segments", segments)
                .add("words", words)
                .build();
    }

    static TranscriptionResult result(JsonObject o) {
        List<TranscriptionSegment> segments = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("segments")) {
            JsonObject s = v.asJsonObject();
            List<Integer> tokens = new ArrayList<>();
            for (JsonValue t : s.getJsonArray("tokens")) {
                tokens.add(((JsonNumber) t).intValue());
            }
            segments.add(new TranscriptionSegment(s.getInt("id"), s.getInt("seek"), d(s, "start"), d(s, "end"),
                    s.getString("text"), tokens, d(s, "temperature"), d(s, "avg_logprob"), d(s, "compression_ratio"),
                    d(s, "no_speech_prob")));
        }
        List<TranscriptionWord> words = new ArrayList<>();
        JsonArray w = o.getJsonArray("words");
        for (JsonValue v : w) {
            JsonObject x = v.asJsonObject();
            words.add(new TranscriptionWord(x.getString("word"), d(x, "start"), d(x, "end")));
        }
        return new TranscriptionResult(o.getString("language"), o.getString("language_name"), d(o, "duration"),
                segments, words);
    }

    private static double d(JsonObject o, String key) {
        return o.getJsonNumber(key).doubleValue();
    }
}
