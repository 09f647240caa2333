package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.util.Locale;

/**
 * Renders a transcription in OpenAI's {@code response_format}s: {@code json} ({@code {"text"}} plus the original
 * server's {@code "filename"}), {@code text}, {@code srt}, {@code vtt} and {@code verbose_json} (task, language,
 * duration, text, segments, words). Subtitle cues skip blank segments and keep each cue on one line; VTT text is
 * escaped. Pure.
 */
final class TranscriptFormats {

    private TranscriptFormats() {
    }

    /** The response formats. */
    enum Format {
        /** {@code {"text", "filename"}}. */
        JSON("application/json"),
        /** Plain text. */
        TEXT("text/plain; charset=utf-8"),
        /** SubRip subtitles. */
        SRT("text/plain; charset=utf-8"),
        /** WebVTT subtitles. */
        VTT("text/vtt; charset=utf-8"),
        /** Everything, as JSON. */
        VERBOSE_JSON("application/json");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        /** {@return the response Content-Type} */
        String contentType() {
            return contentType;
        }

        /**
         * Parses the form value.
         *
         * @param value e.g. {@code verbose_json}
         * @return the format
         * @throws InvalidRequestException if unknown
         */
        static Format of(String value) {
            for (Format f : values()) {
                if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return f;
                }
            }
            throw new InvalidRequestException("response_format must be one of json, text, srt, verbose_json, vtt",
                    "response_format");
        }
    }

    /**
     * Renders a result.
     *
     * @param r        the transcription
     * @param format   the format
     * @param fileName the client's file name, sanitised (echoed by {@code json} only)
     * @param segments whether {@code verbose_json} carries segments
     * @param words    whether {@code verbose_json} carries words
     * @return the response body
     */
    static String render(TranscriptionResult r, Format format, String fileName, boolean segments, boolean words) {
        return switch (format) {
            case JSON -> json(Jsonp.object().add("text", r.text()).add("filename", fileName));
            case TEXT -> r.text() + "\n";
            case SRT -> srt(r);
            case VTT -> vtt(r);
            case VERBOSE_JSON -> verbose(r, segments, words);
        };
    }

    private static String verbose(TranscriptionResult r, boolean withSegments, boolean withWords) {
        JsonObjectBuilder o = Jsonp.object().add("task", "transcribe").add("language", r.languageName())
                .add("duration", round3(r.duration())).add("text", r.text());
        if (withSegments) {
            JsonArrayBuilder segments = Jsonp.array();
            for (TranscriptionSegment s : r.segments()) {
                JsonArrayBuilder tokens = Jsonp.array();
                s.tokens().forEach(tokens::add);
                segments.add(Jsonp.object().add("id", s.id()).add("seek", s.seek())
                        .add("start", round3(s.start())).add("end", round3(s.end())).add("text", s.text())
                        .add("tokens", tokens).add("temperature", s.temperature()).add("avg_logprob", s.avgLogprob())
                        .add("compression_ratio", s.compressionRatio()).add("no_speech_prob", s.noSpeechProb()));
            }
            o.add("segments", segments);
        }
        if (withWords) {
            JsonArrayBuilder words = Jsonp.array();
            for (TranscriptionWord w : r.words()) {
                words.add(Jsonp.object().add("word", w.word()).add("start", round3(w.start()))
                        .add("end", round3(w.end())));
            }
            o.add("words", words);
        }
        return json(o);
    }

    private static String srt(TranscriptionResult r) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (TranscriptionSegment s : r.segments()) {
            String text = cueText(s.text());
            if (!text.isEmpty()) {
                b.append(++n).append('\n').append(time(s.start(), ',')).append(" --> ").append(time(s.end(), ','))
                        .append('\n').append(text).append("\n\n");
            }
        }
        return b.toString();
    }

    private static String vtt(TranscriptionResult r) {
        StringBuilder b = new StringBuilder("WEBVTT\n\n");
        for (TranscriptionSegment s : r.segments()) {
            String text = cueText(s.text()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
            if (!text.isEmpty()) {
                b.append(time(s.start(), '.')).append(" --> ").append(time(s.end(), '.')).append('\n').append(text)
                        .append("\n\n");
            }
        }
        return b.toString();
    }

    /** One line, no blank lines (they end a cue), no cue-timing arrow. */
    private static String cueText(String text) {
        return text.replaceAll("[\\r\\n]+", " ").replace("-->", "->").strip();
    }

    /**
     * Formats a subtitle time.
     *
     * @param seconds   time
     * @param separator {@code ,} for SRT, {@code .} for VTT
     * @return {@code HH:MM:SS,mmm}
     */
    static String time(double seconds, char separator) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                separator, ms % 1000);
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String json(JsonObjectBuilder o) {
        return Jsonp.write(o.build());
    }
}
