package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Slow clients (slowloris) lose their connections on time, with 1 s timeouts, while others are served. */
class SlowClientTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, b -> b.clientTimeouts(new ClientTimeouts(TIMEOUT, TIMEOUT, TIMEOUT, TIMEOUT)));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void twoHundredTricklingHeaderSendersAreCutOffWhileOthersAreServed() throws Exception {
        List<Socket> slow = new ArrayList<>();
        List<CompletableFuture<Long>> closedAfterMs = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            Socket s = connect();
            s.getOutputStream().write("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.add(s);
            closedAfterMs.add(closedAfter(s, start));
        }
        AtomicBoolean trickling = new AtomicBoolean(true);
        Thread trickle = Thread.ofPlatform().start(() -> {
            while (trickling.get()) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write('X'); // one more byte of a header that never ends
                    } catch (IOException closed) {
                        // cut off
                    }
                }
                try {
                    Thread.sleep(100); // the slow client's pace
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            assertThat(server.get("/health").status(), is(200)); // served meanwhile
            long worst = 0;
            for (CompletableFuture<Long> c : closedAfterMs) {
                worst = Math.max(worst, c.get(10, TimeUnit.SECONDS));
            }
            System.err.println("200 trickling header senders: the last cut off after " + worst + " ms (timeout "
                    + TIMEOUT.toMillis() + " ms)");
            assertThat(worst, lessThan(TIMEOUT.toMillis() + 1500));
        } finally {
            trickling.set(false);
            trickle.join();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aPausedBodyLosesItsConnection() throws Exception {
        try (Socket s = connect()) {
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            out.write("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"pro"
                    .getBytes(StandardCharsets.US_ASCII));
            long ms = closedAfter(s, start).get(10, TimeUnit.SECONDS);
            assertThat(ms, lessThan(TIMEOUT.toMillis() + 1500));
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosed() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"), is(true));
            long start = System.nanoTime();
            long ms = closedAfter(s, start).get(10, TimeUnit.SECONDS);
            // Helidon's idle check runs every 100 ms here and reads its clock once a second
            assertThat(ms, lessThan(TIMEOUT.toMillis() + 2500));
        }
    }

    private static Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.server().port());
    }

    /** Completes with the milliseconds from {@code start} until the server closed the connection. */
    private static CompletableFuture<Long> closedAfter(Socket s, long start) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                while (in.read(buf) >= 0) {
                    // an error answer may come first
                }
            } catch (IOException reset) {
                // closed with a reset
            }
            f.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        });
        return f;
    }
}
