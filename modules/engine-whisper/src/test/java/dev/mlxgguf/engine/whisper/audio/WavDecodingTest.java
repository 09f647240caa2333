package dev.mlxgguf.engine.whisper.audio;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Java WAV path: every encoding, rate and channel layout decodes to the reference 16 kHz samples. */
class WavDecodingTest {

    private static final long MAX = 30L * 60 * 16000;
    private static final float[] REFERENCE = SpeechLikeAudio.generate(3, 16000, 42);

    @TempDir
    Path dir;

    static float[] decode(Path file) {
        return AudioDecoder.decode(new AudioInput.File(file), MAX, () -> true);
    }

    @ParameterizedTest(name = "{0} {1} Hz x{2} extensible={3}")
    @CsvSource({
        "PCM_U8,   16000, 1, false, 35",
        "PCM_S16,  16000, 1, false, 80",
        "PCM_S24,  44100, 2, false, 60",
        "PCM_S32,  48000, 1, true,  60",
        "FLOAT32,  22050, 2, true,  60",
        "FLOAT64,   8000, 1, false, 60",
        "PCM_S16,  96000, 2, true,  60",
    })
    void everyEncodingDecodesToTheReference(WavEncoding encoding, int rate, int channels, boolean extensible,
                                            double minSnrDb) {
        float[] source = SpeechLikeAudio.generate(3, rate, 42);
        Path wav = WavWriter.write(dir.resolve("in.wav"), source, rate, channels, encoding, extensible);
        float[] decoded = decode(wav);
        assertThat(decoded.length, is(REFERENCE.length));
        assertThat(Signals.snrDb(REFERENCE, decoded, 0, 400), greaterThan(minSnrDb));
    }

    @Test
    void theDurationCapIsCheckedFromTheHeader() {
        Path wav = WavWriter.write(dir.resolve("long.wav"), REFERENCE, 16000, 1, WavEncoding.PCM_S16, false);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> AudioDecoder.decode(new AudioInput.File(wav), 16000, () -> true));
        assertThat(e.getMessage(), containsString("longer than the limit of 1 s"));
        assertThat(e.param(), is("file"));
    }

    @Test
    void forgedHeadersAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(WavWriter.write(dir.resolve("g.wav"), REFERENCE, 16000, 1, WavEncoding.PCM_S16,
                false));
        assertForged(good, 24, 0, "sample rate of 0");                  // sample rate
        assertForged(good, 22, 0, "0 channels");                        // channels
        assertForged(good, 32, 3, "block size");                        // block align
        assertForged(good, 28, 12345, "byte rate");                     // byte rate
        assertForged(good, 34, 12, "12-bit");                           // bits
        int data = indexOf(good, "data") + 4;
        assertForged(good, data, 1 << 30, "claims 1073741824 bytes");   // data size past the end
        byte[] noData = java.util.Arrays.copyOf(good, data - 4);
        assertThat(assertThrows(InvalidRequestException.class, () -> decode(Files.write(dir.resolve("n.wav"), noData)))
                .getMessage(), containsString("no data chunk"));
    }

    @Test
    void nonAudioIsRefusedWhateverItsName() throws IOException {
        for (String content : new String[] {"#EXTM3U\nhttp://127.0.0.1:1/x.ts\n", "ffconcat version 1.0\nfile '/etc/passwd'\n",
            "{\"not\": \"audio\"}", ""}) {
            Path f = Files.writeString(dir.resolve("x.wav"), content);
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> decode(f));
            assertThat(e.getMessage(), containsString("not audio"));
        }
    }

    private void assertForged(byte[] good, int offset, int value, String message) throws IOException {
        byte[] bad = good.clone();
        ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        if (offset == 22 || offset == 32 || offset == 34) {
            b.putShort(offset, (short) value);
        } else {
            b.putInt(offset, value);
        }
        Path f = Files.write(dir.resolve("forged.wav"), bad);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> decode(f));
        assertThat(e.getMessage(), containsString("malformed WAV"));
        assertThat(e.getMessage(), containsString(message));
    }

    private static int indexOf(byte[] bytes, String tag) {
        outer:
        for (int i = 0; i + 4 <= bytes.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (bytes[i + j] != tag.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
