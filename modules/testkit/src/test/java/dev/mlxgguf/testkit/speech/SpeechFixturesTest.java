package dev.mlxgguf.testkit.speech;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

class SpeechFixturesTest {

    @TempDir
    Path dir;

    @Test
    void tinyWhisperHasTheLegacyHeaderAndIsDeterministic() throws IOException {
        Path a = TinyWhisper.standard(7).writeTo(dir.resolve("a.bin"));
        Path b = TinyWhisper.standard(7).writeTo(dir.resolve("b.bin"));
        byte[] bytes = Files.readAllBytes(a);
        assertThat(java.util.Arrays.equals(bytes, Files.readAllBytes(b)), is(true));
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt(), is(0x67676d6c));
        assertThat(h.getInt(), is(51865));
        assertThat(h.getInt(40), is(80));
        assertThat(h.getInt(44), is(1));
        assertThat(bytes.length, greaterThan(7_000_000));
        assertThat(bytes.length, lessThan(10_000_000));
    }

    @Test
    void vocabularyTokensAreDistinctPrintableAscii() {
        Set<String> seen = new HashSet<>();
        for (int id = 0; id < WhisperVocabulary.TEXT_TOKENS; id++) {
            String t = WhisperVocabulary.token(id);
            assertThat(t.chars().allMatch(c -> c >= 0x20 && c < 0x7f), is(true));
            seen.add(t);
        }
        assertThat(seen.size(), is(WhisperVocabulary.TEXT_TOKENS));
    }

    @Test
    void speechLikeAudioIsTheSameSoundAtAnyRate() {
        float[] a = SpeechLikeAudio.generate(3, 16000, 5);
        float[] b = SpeechLikeAudio.generate(3, 48000, 5);
        assertThat(a.length, is(48000));
        assertThat(b.length, is(144000));
        double err = 0;
        double energy = 0;
        for (int i = 0; i < a.length; i++) {
            err += Math.pow(a[i] - b[3 * i], 2);
            energy += a[i] * a[i];
            assertThat(Math.abs(a[i]), lessThanOrEqualTo(0.6f));
        }
        assertThat(energy, greaterThan(100.0));
        assertThat(err / energy, lessThan(1e-9));
    }

    @Test
    void speechLikeAudioHasPauses() {
        float[] a = SpeechLikeAudio.generate(10, 16000, 9);
        int silentWindows = 0;
        for (int w = 0; w + 1600 <= a.length; w += 1600) {
            double e = 0;
            for (int i = w; i < w + 1600; i++) {
                e += a[i] * a[i];
            }
            if (e < 1e-6) {
                silentWindows++;
            }
        }
        assertThat(silentWindows, greaterThan(3));
        assertThat(silentWindows, lessThan(60));
    }

    @Test
    void wavWriterWritesTheDeclaredSizes() throws IOException {
        float[] x = SpeechLikeAudio.generate(1, 8000, 1);
        for (WavEncoding e : WavEncoding.values()) {
            Path f = WavWriter.write(dir.resolve(e + ".wav"), x, 8000, 2, e, e.ordinal() % 2 == 0);
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
            assertThat(b.getInt(4), is((int) Files.size(f) - 8));
            assertThat((int) Files.size(f), greaterThan(x.length * 2 * e.bits() / 8));
        }
    }
}
