package dev.mlxgguf.server.speech;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;
import dev.mlxgguf.testkit.http.RawUpload;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/**
 * Upload limits, hostile file names, a disabled endpoint, and a whisper host killed mid-request (reliability notes
 * A2–A4, U3, U4), over a real host process running the fake speech engine (60 ms per segment).
 */
class TranscriptionSafetyTest {

    private static final long LIMIT = 1 << 20;

    @TempDir
    static Path dir;
    static TranscriptionServer server;
    static byte[] wav;

    @BeforeAll
    static void start() throws IOException {
        server = TranscriptionServer.start(dir, "segments=4\nsegment_delay_ms=60\necho_file_name=true\n", LIMIT);
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
    void anOversizedDeclaredUploadIsRefusedBeforeItIsRead() throws IOException {
        long start = System.nanoTime();
        RawUpload.Result r = RawUpload.declaredLength("127.0.0.1", server.port(), "/v1/audio/transcriptions",
                "multipart/form-data; boundary=x", 30L << 20, 64 * 1024, 10_000);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.response(), r.status(), is(413));
        assertThat(r.response(), containsString("\"code\":\"payload_too_large\""));
        assertThat(r.closesConnection(), is(true));
        assertThat(ms, lessThan(5000L));
    }

    @Test
    void aThirtyMegabyteUploadFromAClientWithoutExpectGets413() throws IOException {
        int size = 30 << 20;
        RawUpload.Result r = RawUpload.declaredLength("127.0.0.1", server.port(), "/v1/audio/transcriptions",
                "multipart/form-data; boundary=x", size, size, 20_000);
        assertThat(r.response(), r.status(), is(413));
        assertThat(r.bytesSent(), is((long) size));
    }

    @Test
    void anUploadWithExpectContinueGetsAnEarly413() throws IOException {
        RawUpload.Result r = RawUpload.expectContinue("127.0.0.1", server.port(), "/v1/audio/transcriptions",
                "multipart/form-data; boundary=x", 30L << 20, 10_000);
        assertThat(r.response(), r.status(), is(413));
        assertThat(r.closesConnection(), is(true));
    }

    @Test
    void aChunkedUploadIsCutAtTheLimit() throws IOException {
        byte[] head = ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n\r\nRIFF\0\0\0\0WAVE")
                .getBytes(StandardCharsets.ISO_8859_1);
        RawUpload.Result r = RawUpload.chunked("127.0.0.1", server.port(), "/v1/audio/transcriptions",
                "multipart/form-data; boundary=x", head, 64 * LIMIT, 10_000);
        assertThat(r.response(), r.status(), is(413));
        assertThat(r.closesConnection(), is(true));
        // The server stops reading at the limit; what the client got out besides sits in socket buffers.
        assertThat(r.bytesSent(), lessThan(32 * LIMIT));
    }

    @Test
    void shellMetacharactersInNamesNeverReachTheHost() {
        for (String name : List.of("a\";touch /tmp/mlxgguf-pwn;\".wav", "$(id).mp3", "-i.wav", "`reboot`.wav",
                "../../etc/passwd", "x\r\nX-Injected: 1.wav")) {
            HttpReply r = server.post(new MultipartForm().field("response_format", "verbose_json")
                    .file("file", name, "audio/wav", wav));
            assertThat(r.body(), r.status(), is(200));
            JsonObject o = TestServer.json(r.body());
            // The fake engine echoes the name of the file it was given: always the server's own.
            String seen = o.getJsonArray("segments").getJsonObject(0).getString("text").strip();
            assertThat(seen, seen.matches("upload-[0-9a-f-]{36}\\.audio"), is(true));
        }
        assertThat(Files.exists(Path.of("/tmp/mlxgguf-pwn")), is(false));
        HttpReply echoed = server.post(new MultipartForm().file("file", "../../etc/pass\u0007wd", "audio/wav", wav));
        assertThat(TestServer.json(echoed.body()).getString("filename"), is("passwd"));
    }

    @Test
    void killingTheHostMidRequestFailsItAndTheHostComesBack() throws Exception {
        long pid = server.whisper().pid().orElseThrow();
        CompletableFuture<HttpReply> running = CompletableFuture.supplyAsync(() -> server.post(
                new MultipartForm().file("file", "a.wav", "audio/wav", wav)));
        assertThat(server.whisper().queue().awaitCondition(RequestQueue::busy, Duration.ofSeconds(10)), is(true));
        TranscriptionServer.sleep(50); // lets time pass: the kill lands while the host transcribes
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        HttpReply failed = running.get(10, TimeUnit.SECONDS);
        assertThat(failed.body(), failed.status(), is(503));
        assertThat(TestServer.json(failed.body()).getJsonObject("error").getString("code"), is("model_process_crashed"));
        server.awaitReady(java.time.Duration.ofSeconds(20));
        assertThat(server.whisper().pid().orElseThrow(), not(is(pid)));
        HttpReply again = server.post(new MultipartForm().file("file", "b.wav", "audio/wav", wav));
        assertThat(again.body(), again.status(), is(200));
    }

    @Test
    void aDisabledEndpointAnswers400() {
        try (TranscriptionServer off = TranscriptionServer.disabled(dir.resolve("off"))) {
            HttpReply post = off.post(new MultipartForm().file("file", "a.wav", "audio/wav", wav));
            assertThat(post.status(), is(400));
            assertThat(post.body(), containsString("--whisper-model"));
            assertThat(off.http().get("/v1/audio/transcriptions").status(), is(400));
        }
    }
}
