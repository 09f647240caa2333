package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.SegmentSink;
import dev.mlxgguf.engine.spi.SpeechModel;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.TinyWhisper;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real whisper.cpp (the pinned 1.9.1 build) on a tiny random-weight model written by testkit. */
class WhisperSpeechModelTest {

    @TempDir
    static Path dir;
    static Path modelFile;
    static SpeechModel model;

    @BeforeAll
    static void load() {
        modelFile = TinyWhisper.standard(3).writeTo(dir.resolve("tiny-whisper.bin"));
        model = (SpeechModel) new WhisperEngineProvider().load(new LoadSpec(modelFile, Optional.empty(), 0,
                Optional.empty(), 2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Temperature 0 without fallback: random weights would otherwise retry every window at higher temperatures. */
    static TranscriptionRequest request(String id, AudioInput audio, Optional<String> language, boolean words) {
        return new TranscriptionRequest(id, audio, language, "", 0, 0, words, Duration.ofMinutes(30), 2);
    }

    @Test
    void providerRecognisesWhisperFilesByContent() throws IOException {
        WhisperEngineProvider p = new WhisperEngineProvider();
        assertThat(p.name(), is("whisper"));
        assertThat(p.supports(modelFile), is(true));
        assertThat(p.supports(Files.writeString(dir.resolve("x.bin"), "GGUF and more bytes than the header needs....")),
                is(false));
        assertThat(p.supports(dir.resolve("missing.bin")), is(false));
        assertThat(model.info().format(), is("whisper"));
        assertThat(model.info().vocabularySize(), is(51865));
        assertThat(model.info().quantization(), is("F16"));
        assertThat(model.info().parameterCount(), greaterThan(3_000_000L));
    }

    @Test
    void transcribesDeterministicallyWithOrderedSegmentsInsideTheAudio() {
        float[] pcm = SpeechLikeAudio.generate(6, 16000, 11);
        List<TranscriptionSegment> pushed = new ArrayList<>();
        long start = System.nanoTime();
        TranscriptionResult a = model.transcribe(request("a", new AudioInput.Samples(pcm), Optional.empty(), false),
                s -> pushed.add(s));
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.err.println("tiny whisper: 6 s of audio in " + ms + " ms, " + a.segments().size() + " segment(s): "
                + a.text());
        TranscriptionResult b = model.transcribe(request("b", new AudioInput.Samples(pcm), Optional.empty(), false),
                SegmentSink.IGNORE);
        assertThat(b, is(a));
        assertThat(pushed, is(a.segments()));
        assertThat(a.duration(), is(6.0));
        assertThat(a.segments().isEmpty(), is(false));
        double previous = 0;
        for (TranscriptionSegment s : a.segments()) {
            assertThat(s.start(), greaterThanOrEqualTo(previous));
            assertThat(s.end(), lessThanOrEqualTo(a.duration()));
            previous = s.start();
        }
        assertThat(a.language().isEmpty(), is(false));
        assertThat(a.words().isEmpty(), is(true));
    }

    @Test
    void wordsAndAGivenLanguageFromAWavFile() {
        Path wav = WavWriter.write(dir.resolve("upload-1.audio"), SpeechLikeAudio.generate(4, 44100, 5), 44100, 2,
                WavEncoding.PCM_S16, false);
        TranscriptionResult r = model.transcribe(request("w", new AudioInput.File(wav), Optional.of("de"), true),
                SegmentSink.IGNORE);
        assertThat(r.language(), is("de"));
        assertThat(r.languageName(), is("german"));
        for (TranscriptionWord w : r.words()) {
            assertThat(w.word(), not(containsString(" ")));
            assertThat(w.end(), lessThanOrEqualTo(r.duration()));
        }
        if (!r.text().isBlank()) {
            assertThat(r.words().isEmpty(), is(false));
        }
    }

    @Test
    void theSinkCancelsARunningTranscription() {
        float[] pcm = SpeechLikeAudio.generate(90, 16000, 2);
        AtomicInteger asked = new AtomicInteger();
        AtomicLong stoppedAt = new AtomicLong();
        RequestCancelledException e = assertThrows(RequestCancelledException.class, () -> model.transcribe(
                // With the fallback on, random weights take many seconds per window; the abort cuts it short.
                new TranscriptionRequest("c", new AudioInput.Samples(pcm), Optional.empty(), "", 0, 0.2, false,
                        Duration.ofMinutes(30), 1),
                new SegmentSink() {
                    @Override
                    public boolean push(TranscriptionSegment segment) {
                        return true;
                    }

                    @Override
                    public boolean keepGoing() {
                        if (asked.incrementAndGet() < 50) {
                            return true;
                        }
                        stoppedAt.compareAndSet(0, System.nanoTime());
                        return false;
                    }
                }));
        long abortMs = (System.nanoTime() - stoppedAt.get()) / 1_000_000;
        System.err.println("tiny whisper: aborted " + abortMs + " ms after the sink said stop");
        assertThat(e.getMessage(), containsString("cancelled"));
        assertThat(abortMs, lessThan(2000L));
        // The model still works afterwards.
        assertThat(model.transcribe(request("d", new AudioInput.Samples(new float[16000]), Optional.empty(), false),
                SegmentSink.IGNORE).duration(), is(1.0));
    }

    @Test
    void badRequestsAreRefusedBeforeDecoding() {
        InvalidRequestException lang = assertThrows(InvalidRequestException.class, () -> model.transcribe(
                request("l", new AudioInput.Samples(new float[160]), Optional.of("xx"), false), SegmentSink.IGNORE));
        assertThat(lang.param(), is("language"));
        InvalidRequestException empty = assertThrows(InvalidRequestException.class, () -> model.transcribe(
                request("e", new AudioInput.Samples(new float[0]), Optional.empty(), false), SegmentSink.IGNORE));
        assertThat(empty.param(), is("file"));
    }

    @Test
    void aDamagedModelIsALoadErrorNotACrash() throws IOException {
        byte[] bytes = Files.readAllBytes(modelFile);
        Path cut = Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new WhisperEngineProvider().load(
                new LoadSpec(cut, Optional.empty(), 0, Optional.empty(), 1)));
        assertThat(e.getMessage(), containsString("cut.bin"));
        assertThat(e.getMessage(), not(containsString(dir.toString())));
        assertThat(e, instanceOf(ModelLoadException.class));
    }

    @Test
    void versionLayoutChoice() {
        assertThat(WhisperRuntime.legacyLayout("1.7.6"), is(true));
        assertThat(WhisperRuntime.legacyLayout("1.9.1"), is(false));
        assertThat(WhisperRuntime.legacyLayout("1.8.0"), is(false));
        assertThat(WhisperRuntime.get().version(), is("1.9.1"));
    }
}
