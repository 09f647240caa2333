package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.RawUpload;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** JSON bodies over {@code --max-body-mb} (1 MB here): every kind of client gets its 413, none a reset. */
class RefusedBodyTest {

    private static final long LIMIT = 1 << 20;
    private static final String JSON = "application/json";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, b -> b.maxBodyBytes(LIMIT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatWritesThirtyMegabytesBeforeReadingGetsItsAnswer() throws IOException {
        int size = 30 << 20;
        RawUpload.Result r = RawUpload.declaredLength("127.0.0.1", server.server().port(), "/v1/completions", JSON,
                size, size, 20_000);
        assertThat(r.response(), r.status(), is(413));
        assertThat(r.response(), containsString("\"code\":\"payload_too_large\""));
        assertThat(r.bytesSent(), is((long) size));
        assertThat(r.closesConnection(), is(true));
    }

    @Test
    void expectContinueGetsAnEarly413AndNoContinue() throws IOException {
        long start = System.nanoTime();
        RawUpload.Result r = RawUpload.expectContinue("127.0.0.1", server.server().port(), "/v1/chat/completions", JSON,
                30L << 20, 10_000);
        assertThat(r.response(), startsWith("HTTP/1.1 413"));
        assertThat(r.response(), not(containsString("100 Continue")));
        assertThat(r.closesConnection(), is(true));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(2000L));
    }

    @Test
    void aStalledBodyGetsItsAnswerAtOnce() throws IOException {
        long start = System.nanoTime();
        RawUpload.Result r = RawUpload.declaredLength("127.0.0.1", server.server().port(), "/v1/completions", JSON,
                30L << 20, 64 * 1024, 10_000);
        assertThat(r.response(), r.status(), is(413));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(1500L));
    }

    @Test
    void aChunkedBodyIsCutAtTheLimit() throws IOException {
        RawUpload.Result r = RawUpload.chunked("127.0.0.1", server.server().port(), "/v1/completions", JSON,
                "{\"prompt\": \"".getBytes(StandardCharsets.US_ASCII), 8 * LIMIT, 10_000);
        assertThat(r.response(), r.status(), is(413));
        assertThat(r.closesConnection(), is(true));
    }

    @Test
    void theServerStaysUsable() {
        assertThat(server.get("/health").status(), is(200));
    }
}
