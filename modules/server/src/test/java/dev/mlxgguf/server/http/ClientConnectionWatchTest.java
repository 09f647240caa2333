package dev.mlxgguf.server.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The hang-up watch on a real Helidon server and real loopback sockets: a watched request reads its body, then
 * waits until its client hangs up or the test releases it, and reports which.
 */
class ClientConnectionWatchTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private final LinkedBlockingQueue<CompletableFuture<Boolean>> watches = new LinkedBlockingQueue<>();
    private WebServer server;

    @BeforeEach
    void start() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .addProtocol(Http1Config.builder()
                        .addReceiveListener(RequestConnection.listener(ClientTimeouts.defaults())).build())
                .routing(r -> r.post("/wait", (req, res) -> {
                    req.content().as(String.class);
                    try (ClientConnectionWatch.Watch w = ClientConnectionWatch.watch(req, res)) {
                        watches.add(w.ended());
                        while (!w.gone() && !release.await(10, TimeUnit.MILLISECONDS)) {
                            // waits for one of the two, as a generation waits for its next token
                        }
                        res.send(w.gone() ? "gone" : "there");
                    }
                }).get("/health", (req, res) -> res.send("ok")))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop();
    }

    @Test
    void aHangUpIsSeenWithinASecondAndTheAnswerClosesTheConnection() throws Exception {
        Socket client = post();
        CompletableFuture<Boolean> ended = watches.poll(10, TimeUnit.SECONDS);
        assertThat(ended.isDone(), is(false)); // a waiting client is not taken for gone
        long closed = System.nanoTime();
        client.close();
        assertThat(ended.get(1, TimeUnit.SECONDS), is(true));
        long micros = (System.nanoTime() - closed) / 1_000;
        System.err.println("hang-up seen " + micros + " µs after the client closed");
        assertThat(micros, lessThan(1_000_000L));

        Socket staying = post();
        watches.poll(10, TimeUnit.SECONDS);
        release.countDown();
        String answer = readAll(staying);
        assertThat(answer, containsString("Connection: close"));
        assertThat(answer, containsString("there"));
    }

    @Test
    void fiftyThousandOtherConnectionsComingAndGoingAreNoHangUp() throws Exception {
        List<Socket> waiting = new ArrayList<>();
        List<CompletableFuture<Boolean>> ended = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(post());
            ended.add(watches.poll(10, TimeUnit.SECONDS));
        }
        AtomicInteger done = new AtomicInteger();
        List<Thread> churn = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int kind = t;
            churn.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 12_500; i++) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                        switch ((kind + i) % 3) {
                            case 0 -> {
                                s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                                s.getInputStream().read(new byte[256]);
                            }
                            case 1 -> s.setSoLinger(true, 0); // closes with a reset
                            default -> { } // connects and closes
                        }
                        done.incrementAndGet();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }));
        }
        for (Thread t : churn) {
            t.join();
        }
        assertThat(done.get(), is(50_000));
        for (CompletableFuture<Boolean> e : ended) {
            assertThat(e.isDone(), is(false));
        }
        release.countDown();
        for (Socket s : waiting) {
            assertThat(readAll(s), containsString("there"));
        }
    }

    private Socket post() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
        OutputStream out = s.getOutputStream();
        out.write("POST /wait HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        try (s; InputStream in = s.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
