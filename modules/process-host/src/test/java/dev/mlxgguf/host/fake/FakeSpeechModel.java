package dev.mlxgguf.host.fake;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.AudioContainer;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;
import dev.mlxgguf.engine.spi.SegmentSink;
import dev.mlxgguf.engine.spi.SpeechModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The fake speech model, for HTTP- and process-layer tests. It does not decode audio: it checks the
 * container magic ({@link AudioContainer#sniff}), takes the duration of a WAV file as 16-bit mono 16 kHz
 * (header of 44 bytes), and cuts it into equal segments. Keys of the model file:
 * <ul>
 *   <li>{@code text}: words, spread over the segments (default "hello fake world");</li>
 *   <li>{@code segments}: segment count (default 2); {@code segment_delay_ms}: time per segment, during
 *       which cancellation is checked every 5 ms;</li>
 *   <li>{@code echo_file_name=true}: the first segment's text is the audio file's name (to prove which
 *       name reached the host);</li>
 *   <li>{@code crash_after_segments} + {@code crash_status}: die mid-transcription.</li>
 * </ul>
 */
final class FakeSpeechModel implements SpeechModel {

    private final Properties p;

    FakeSpeechModel(Properties p) {
        this.p = p;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "fake-speech", 448, 448, "none", 0, 3, false);
    }

    @Override
    public TranscriptionResult transcribe(TranscriptionRequest request, SegmentSink sink) {
        double duration = duration(request.audio());
        if (duration * 1000 > request.maxDuration().toMillis()) {
            throw new InvalidRequestException("the audio is longer than the limit", "file");
        }
        String[] words = p.getProperty("text", "hello fake world").trim().split("\\s+");
        int n = Integer.parseInt(p.getProperty("segments", "2"));
        int crashAfter = Integer.parseInt(p.getProperty("crash_after_segments", "0"));
        List<TranscriptionSegment> segments = new ArrayList<>();
        List<TranscriptionWord> wordList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (crashAfter > 0 && i == crashAfter) {
                Runtime.getRuntime().halt(Integer.parseInt(p.getProperty("crash_status", "137")));
            }
            pause(sink, Long.parseLong(p.getProperty("segment_delay_ms", "0")));
            double start = duration * i / n;
            double end = duration * (i + 1) / n;
            String word = words[i % words.length];
            if (i == 0 && Boolean.parseBoolean(p.getProperty("echo_file_name", "false"))
                    && request.audio() instanceof AudioInput.File f) {
                word = f.path().getFileName().toString();
            }
            TranscriptionSegment s = new TranscriptionSegment(i, (int) Math.round(start * 100), start, end, " " + word,
                    List.of(100 + i), request.temperature(), -0.5, 1.0, 0.1);
            segments.add(s);
            if (request.wordTimestamps()) {
                wordList.add(new TranscriptionWord(word, start, end));
            }
            if (!sink.push(s)) {
                throw new RequestCancelledException("transcription cancelled");
            }
        }
        String language = request.language().orElse("en");
        return new TranscriptionResult(language, "en".equals(language) ? "english" : language, duration, segments, wordList);
    }

    private static void pause(SegmentSink sink, long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        while (System.nanoTime() < end) {
            if (!sink.keepGoing()) {
                throw new RequestCancelledException("transcription cancelled");
            }
            FakeEngineProvider.sleep(5);
        }
    }

    private static double duration(AudioInput audio) {
        return switch (audio) {
            case AudioInput.Samples s -> s.length() / 16000.0;
            case AudioInput.File f -> {
                try (InputStream in = Files.newInputStream(f.path())) {
                    byte[] head = in.readNBytes(AudioContainer.HEAD_BYTES);
                    if (AudioContainer.sniff(head).isEmpty()) {
                        throw new InvalidRequestException("the file is not audio", "file");
                    }
                    yield Math.max(0, Files.size(f.path()) - 44) / 32000.0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public void close() {
        // nothing held
    }
}
