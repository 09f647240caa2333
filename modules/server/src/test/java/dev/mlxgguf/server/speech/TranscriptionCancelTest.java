package dev.mlxgguf.server.speech;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A transcription that outlives its time limit, or whose client hangs up, is cancelled in the host (through the
 * engine's cancellation check) and frees the queue. The fake engine would take 40 s per request.
 */
class TranscriptionCancelTest {

    @TempDir
    static Path dir;
    static TranscriptionServer server;
    static byte[] wav;

    @BeforeAll
    static void start() throws IOException {
        server = TranscriptionServer.start(dir, "segments=2000\nsegment_delay_ms=20\n", 1 << 20, Duration.ofSeconds(3));
        wav = Files.readAllBytes(WavWriter.write(dir.resolve("in.wav"), SpeechLikeAudio.generate(1, 16000, 1), 16000, 1,
                WavEncoding.PCM_S16, false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void noUploadIsLeftBehind() {
        assertThat(server.uploadFiles(), is(List.of()));
    }

    @Test
    void theTimeLimitCancelsTheTranscription() {
        long start = System.nanoTime();
        HttpReply r = server.post(new MultipartForm().file("file", "a.wav", "audio/wav", wav));
        assertThat(r.body(), r.status(), is(503));
        assertThat(TestServer.json(r.body()).getJsonObject("error").getString("code"), is("request_cancelled"));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(8000L));
    }

    @Test
    void aClientThatHangsUpFreesTheQueue() throws Exception {
        MultipartForm form = new MultipartForm().file("file", "a.wav", "audio/wav", wav);
        byte[] body = form.bytes();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/audio/transcriptions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + form.contentType()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            assertThat(server.whisper().queue().awaitCondition(q -> !q.snapshot().isEmpty(), Duration.ofSeconds(5)), is(true));
        }
        assertThat("the abandoned transcription still holds the queue",
                server.whisper().queue().awaitCondition(q -> q.snapshot().isEmpty(), Duration.ofSeconds(2)), is(true));
        assertThat(server.awaitIdle(), is(true)); // the handler has ended, its upload is deleted
    }
}
