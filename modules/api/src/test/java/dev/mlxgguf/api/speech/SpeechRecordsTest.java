package dev.mlxgguf.api.speech;

import dev.mlxgguf.api.InvalidRequestException;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SpeechRecordsTest {

    private static Optional<AudioContainer> sniff(String ascii) {
        return AudioContainer.sniff(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Optional<AudioContainer> sniff(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return AudioContainer.sniff(b);
    }

    @Test
    void containersAreRecognisedByTheirBytes() {
        assertThat(sniff("RIFF\0\0\0\0WAVEfmt "), is(Optional.of(AudioContainer.WAV)));
        assertThat(sniff("RIFF\0\0\0\0AVI LIST"), is(Optional.empty()));
        assertThat(sniff("ID3\u0004\0\0\0\0\0\0"), is(Optional.of(AudioContainer.MP3)));
        assertThat(sniff(0xFF, 0xFB, 0x90, 0x64), is(Optional.of(AudioContainer.MP3)));
        assertThat(sniff(0xFF, 0xF1, 0x50, 0x80), is(Optional.of(AudioContainer.AAC)));
        assertThat(sniff("\0\0\0\u0020ftypM4A "), is(Optional.of(AudioContainer.MP4)));
        assertThat(sniff("OggS\0\u0002"), is(Optional.of(AudioContainer.OGG)));
        assertThat(sniff("fLaC\0\0\0\u0010"), is(Optional.of(AudioContainer.FLAC)));
        assertThat(sniff(0x1A, 0x45, 0xDF, 0xA3, 0x9F), is(Optional.of(AudioContainer.MATROSKA)));
        for (String notAudio : List.of("", "R", "#EXTM3U\n", "ffconcat version 1.0", "<html>", "%PDF-1.7", "GGUF")) {
            assertThat(notAudio, sniff(notAudio), is(Optional.empty()));
        }
    }

    @Test
    void requestsCheckTheirClientFields() {
        AudioInput audio = new AudioInput.File(Path.of("/tmp/upload-1.audio"));
        assertThat(assertThrows(InvalidRequestException.class, () -> new TranscriptionRequest("r", audio,
                Optional.of("EN!"), "", 0, 0.2, false, Duration.ofMinutes(1), 0)).param(), is("language"));
        assertThat(assertThrows(InvalidRequestException.class, () -> new TranscriptionRequest("r", audio,
                Optional.empty(), "", -0.1, 0.2, false, Duration.ofMinutes(1), 0)).param(), is("temperature"));
        assertThat(assertThrows(InvalidRequestException.class, () -> new TranscriptionRequest("r", audio,
                Optional.empty(), "", Double.NaN, 0.2, false, Duration.ofMinutes(1), 0)).param(), is("temperature"));
        assertThat(assertThrows(InvalidRequestException.class, () -> new TranscriptionRequest("r", audio,
                Optional.empty(), "x".repeat(5000), 0, 0.2, false, Duration.ofMinutes(1), 0)).param(), is("prompt"));
        TranscriptionRequest ok = TranscriptionRequest.of("r", audio);
        assertThat(ok.maxSamples(), is(30L * 60 * 16000));
        assertThat(ok.temperatureIncrement(), is(0.2));
    }

    @Test
    void samplesAreCopiedAndComparedByValue() {
        float[] pcm = {0.5f, -0.5f};
        AudioInput.Samples s = new AudioInput.Samples(pcm);
        pcm[0] = 9;
        assertThat(s.pcm()[0], is(0.5f));
        assertThat(s, is(new AudioInput.Samples(new float[] {0.5f, -0.5f})));
        TranscriptionResult r = new TranscriptionResult("en", "english", 2, List.of(
                new TranscriptionSegment(0, 0, 0, 1, " Hello", List.of(1), 0, -0.1, 1, 0),
                new TranscriptionSegment(1, 100, 1, 2, " world. ", List.of(2), 0, -0.1, 1, 0)), List.of());
        assertThat(r.text(), is("Hello world."));
        assertThrows(IllegalArgumentException.class, () -> new TranscriptionSegment(0, 0, 2, 1, "", List.of(), 0, 0, 0, 0));
    }
}
