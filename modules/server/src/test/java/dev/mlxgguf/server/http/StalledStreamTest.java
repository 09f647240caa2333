package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * A stream client that stops reading fills the socket buffers; its writes then block. With a 1 s write timeout
 * the server cuts it off, so the request queued behind it on the same model is served instead of waiting forever.
 */
class StalledStreamTest {

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, b -> b.clientTimeouts(ClientTimeouts.defaults().withWrite(Duration.ofSeconds(1))));
        server.fakeModel("wide.gguf", "text=" + "x".repeat(2000) + "\ncontext_length=100000\n");
        server.load("0", "wide.gguf");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aStalledStreamIsCutOffAndTheQueueMovesOn() throws Exception {
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.server().port()));
            String body = "{\"prompt\": \"x\", \"max_tokens\": 20000, \"stream\": true}";
            OutputStream out = stalled.getOutputStream();
            out.write(("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            server.awaitQueue("0", q -> !q.snapshot().isEmpty(), "the stalled stream running");
            long start = System.nanoTime();
            // queued behind the stalled stream; reads nothing of that stream, ever
            HttpReply next = server.post("/v1/completions", "{\"prompt\": \"y\", \"max_tokens\": 2}");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.err.println("the request behind a stalled stream was answered after " + ms + " ms (write timeout 1 s)");
            assertThat(next.body(), next.status(), is(200));
            assertThat(ms, lessThan(10_000L));
        }
    }
}
