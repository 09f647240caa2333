package dev.mlxgguf.engine.whisper.audio;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.AudioContainer;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.testkit.speech.AudioEncoder;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ffmpeg path: each compressed format decodes to the reference 16 kHz samples, under the upload defences. */
class FfmpegDecodingTest {

    private static final long MAX = 30L * 60 * 16000;
    private static final float[] REFERENCE = SpeechLikeAudio.generate(3, 16000, 42);

    @TempDir
    static Path dir;
    static Path wav48k;

    @BeforeAll
    static void source() {
        wav48k = WavWriter.write(dir.resolve("source.wav"), SpeechLikeAudio.generate(3, 48000, 42), 48000, 2,
                WavEncoding.PCM_S16, false);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"FLAC, 45", "MP3, 8", "M4A, 8", "OGG_VORBIS, 8", "OGG_OPUS, 5", "WEBM, 5"})
    void everyFormatDecodesToTheReference(AudioEncoder.Format format, double minSnrDb) {
        // The server names uploads itself: the file's name says nothing about its format.
        Path file = AudioEncoder.encode(wav48k, dir.resolve("upload-" + format + ".audio"), format);
        float[] decoded = AudioDecoder.decode(new AudioInput.File(file), MAX, () -> true);
        assertThat(Math.abs(decoded.length - REFERENCE.length), lessThan(1600));
        int lag = Signals.bestLag(REFERENCE, decoded, 800);
        assertThat("codec delay " + lag, Math.abs(lag), lessThan(800));
        assertThat(format + " SNR at lag " + lag, Signals.snrDb(REFERENCE, decoded, lag, 1600), greaterThan(minSnrDb));
    }

    @Test
    void ffmpegDecodesWavLikeTheJavaPath() throws IOException {
        float[] java = AudioDecoder.decode(new AudioInput.File(wav48k), MAX, () -> true);
        float[] ffmpeg = FfmpegDecoder.decode(wav48k, AudioContainer.WAV, MAX, () -> true);
        assertThat(ffmpeg.length, is(java.length));
        assertThat(Signals.snrDb(java, ffmpeg, 0, 400), greaterThan(35.0));
    }

    @Test
    void theDurationCapHoldsWhateverTheContainerSays() {
        Path flac = AudioEncoder.encode(wav48k, dir.resolve("cap.flac"), AudioEncoder.Format.FLAC);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> AudioDecoder.decode(new AudioInput.File(flac), 16000, () -> true));
        assertThat(e.getMessage(), containsString("longer than the limit of 1 s"));
        assertThat(AudioDecoder.decode(new AudioInput.File(flac), 3 * 16000 + 10, () -> true).length, is(48000));
    }

    @Test
    void cancellingStopsTheDecode() {
        Path opus = AudioEncoder.encode(wav48k, dir.resolve("cancel.opus"), AudioEncoder.Format.OGG_OPUS);
        AtomicInteger asked = new AtomicInteger();
        assertThrows(RequestCancelledException.class,
                () -> AudioDecoder.decode(new AudioInput.File(opus), MAX, () -> asked.incrementAndGet() < 1));
    }

    @Test
    void undecodableAudioIsARequestError() throws IOException {
        byte[] bytes = Files.readAllBytes(AudioEncoder.encode(wav48k, dir.resolve("t.ogg"), AudioEncoder.Format.OGG_VORBIS));
        Path truncated = Files.write(dir.resolve("upload-truncated.audio"), java.util.Arrays.copyOf(bytes, 60));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> AudioDecoder.decode(new AudioInput.File(truncated), MAX, () -> true));
        assertThat(e.param(), is("file"));
        assertThat(e.getMessage(), not(containsString(dir.toString())));
    }

    @Test
    void theCommandLineIsFixedAndNamesOnlyTheServersFile() {
        Path input = dir.resolve("upload-0b6f.audio");
        List<String> argv = FfmpegDecoder.argv(Path.of("/usr/bin/ffmpeg"), input, AudioContainer.MP4, 16000 * 60);
        assertThat(argv.getFirst(), is("/usr/bin/ffmpeg"));
        assertThat(argv.contains("-nostdin"), is(true));
        assertThat(argv.get(argv.indexOf("-protocol_whitelist") + 1), is("file"));
        assertThat(argv.get(argv.indexOf("-f") + 1), is("mov"));
        assertThat(argv.get(argv.indexOf("-i") + 1), startsWith("file:/"));
        assertThat(argv.get(argv.indexOf("-t") + 1), is("60.0001"));
        assertThat(argv.getLast(), is("pipe:1"));
        assertThat(argv.stream().filter(a -> a.contains("upload-")).count(), is(1L));
    }
}
