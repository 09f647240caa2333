package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.testkit.fuzz.Fuzzer;
import dev.mlxgguf.testkit.http.MultipartForm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Fuzzed multipart transcription forms: each is read or refused with a 4xx exception, never anything else. */
class MultipartFuzzTest {

    @TempDir
    Path dir;

    @Test
    void fuzzedFormsAreReadOrRefused() throws Exception {
        byte[] wav = "RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1);
        String boundary = "fuzzboundary";
        List<byte[]> seeds = List.of(
                withBoundary(new MultipartForm().file("file", "a.wav", "audio/wav", wav).field("model", "whisper-1"), boundary),
                withBoundary(new MultipartForm().field("language", "en").field("response_format", "verbose_json")
                        .field("temperature", "0.2").field("timestamp_granularities[]", "word")
                        .file("file", "b.mp3", "audio/mpeg", wav), boundary));
        Path upload = dir.resolve("upload.audio");
        Fuzzer.Report r = Fuzzer.run("multipart form", seeds, 21, Duration.ofSeconds(5), bytes -> {
            TranscriptionForm.read(new MultipartReader(new ByteArrayInputStream(bytes), boundary), upload, 1 << 20)
                    .toRequest("id", upload, Duration.ofMinutes(1), 1);
            Files.deleteIfExists(upload);
        }, InvalidRequestException.class, JsonBodies.PayloadTooLargeException.class);
        assertThat(r.failures().toString(), r.failed(), is(0));
    }

    /** The form's bytes with its random boundary replaced by a fixed one, so that every seed shares it. */
    private static byte[] withBoundary(MultipartForm form, String boundary) {
        String own = form.contentType().substring(form.contentType().indexOf("boundary=") + 9);
        return new String(form.bytes(), StandardCharsets.ISO_8859_1).replace(own, boundary)
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
