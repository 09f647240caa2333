package dev.mlxgguf.server.http;

import dev.mlxgguf.host.protocol.HostStats;
import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.RawHttpClient;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Queue limits, client hang-ups and administrator clean-up, against real host processes (fake engine). */
class QueueAndCancellationTest {

    static final int QUEUE = 3;
    static final String SLOW = "{\"prompt\": \"x\", \"max_tokens\": 1000";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, b -> b.queueCapacity(QUEUE).pingInterval(Duration.ofMillis(300)));
        server.fakeModel("slow.gguf", "token_delay_ms=20\n");
        server.load("0", "slow.gguf");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonObject process() {
        return server.getJson("/management/processes").getJsonArray("processes").getJsonObject(0);
    }

    /** The host's counters once it runs nothing (each round waits for a ping's answer). */
    private HostStats idleHostStats() {
        HostStats stats = server.freshStats("0");
        while (!stats.runningRequest().isEmpty()) {
            stats = server.freshStats("0");
        }
        return stats;
    }

    private long hostTokens() {
        return idleHostStats().tokensGenerated();
    }

    private void awaitQueueEmpty() {
        server.awaitQueue("0", q -> !q.busy() && q.waitingCount() == 0, "an empty queue");
    }

    private void awaitRunning() {
        server.awaitQueue("0", RequestQueue::busy, "a running request");
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        int extra = 10;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<long[]>> replies = new ArrayList<>();
            for (int i = 0; i < QUEUE + extra; i++) {
                replies.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    HttpReply r = server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 25}");
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    if (r.status() == 429) {
                        assertThat(r.header("Retry-After").orElse(""), is("1"));
                        assertThat(TestServer.json(r.body()).getJsonObject("error").getString("code"), is("queue_full"));
                    }
                    return new long[] {r.status(), ms};
                }));
            }
            int ok = 0;
            int full = 0;
            long worst429 = 0;
            for (Future<long[]> f : replies) {
                long[] r = f.get(60, TimeUnit.SECONDS);
                ok += r[0] == 200 ? 1 : 0;
                full += r[0] == 429 ? 1 : 0;
                worst429 = r[0] == 429 ? Math.max(worst429, r[1]) : worst429;
            }
            System.err.println("queue overflow: 429 answered in at most " + worst429 + " ms");
            assertThat(full, is(extra));
            assertThat(ok, is(QUEUE));
        }
    }

    @Test
    void aStreamClientThatHangsUpStopsItsGenerationWithin16Tokens() throws Exception {
        long before = hostTokens();
        try (RawHttpClient c = RawHttpClient.post(server.server().port(), "/v1/completions", SLOW + ", \"stream\": true}")) {
            // the 5th text chunk has arrived
            assertThat(c.skipTo("data: {", 5), containsString("text_completion"));
        }
        awaitQueueEmpty();
        long generated = hostTokens() - before;
        System.err.println("disconnect after 5 tokens: host generated " + generated + " tokens in total");
        assertThat(generated, lessThanOrEqualTo(5L + 16L));
    }

    @Test
    void aNonStreamClientThatHangsUpIsCancelledToo() throws Exception {
        long before = hostTokens();
        try (RawHttpClient c = RawHttpClient.post(server.server().port(), "/v1/completions", SLOW + "}")) {
            awaitRunning();
            Thread.sleep(300); // lets time pass: the hang-up comes about 15 tokens into the generation
        }
        awaitQueueEmpty();
        long generated = hostTokens() - before;
        System.err.println("non-stream hang-up after 300 ms: host generated " + generated + " tokens");
        assertThat(generated, lessThanOrEqualTo(15L + 16L + 10L));
    }

    @Test
    void aQueuedClientThatHangsUpLeavesTheQueue() throws Exception {
        CompletableFuture<HttpReply> running = CompletableFuture.supplyAsync(
                () -> server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 60}"));
        awaitRunning();
        try (RawHttpClient queued = RawHttpClient.post(server.server().port(), "/v1/completions", SLOW + "}")) {
            server.awaitQueue("0", q -> q.waitingCount() == 1, "a waiting request");
            assertThat(process().getJsonObject("current_queue").getInt("request_queue_size"), is(1));
        }
        server.awaitQueue("0", q -> q.waitingCount() == 0, "the hung-up request leaving the queue");
        assertThat(process().getJsonObject("current_queue").getInt("request_queue_size"), is(0));
        assertThat(running.get(30, TimeUnit.SECONDS).status(), is(200));
    }

    @Test
    void streamsWaitingInTheQueueGetKeepAliveComments() throws Exception {
        CompletableFuture<HttpReply> running = CompletableFuture.supplyAsync(
                () -> server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 50}"));
        awaitRunning();
        HttpReply queued = server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 2, \"stream\": true}");
        assertThat(queued.body(), containsString(": ping\n\n"));
        assertThat(queued.events().getLast(), is("[DONE]"));
        assertThat(running.get(30, TimeUnit.SECONDS).status(), is(200));
    }

    @Test
    void cleanUpDropsQueuedRequestsAndStopsTheRunningOne() throws Exception {
        long servedBefore = idleHostStats().requestsServed();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<HttpReply> running = pool.submit(() -> server.post("/v1/completions", SLOW + "}"));
            awaitRunning();
            Future<HttpReply> queued = pool.submit(() -> server.post("/v1/completions", SLOW + "}"));
            Future<HttpReply> queuedStream = pool.submit(() -> server.post("/v1/completions", SLOW + ", \"stream\": true}"));
            server.awaitQueue("0", q -> q.waitingCount() == 2, "two waiting requests");
            assertThat(server.postJson("/management/process/clean-up", "{\"timeout\": 0}", "X-Model-Id", "0")
                    .getString("process_clean_up"), is("success"));
            HttpReply r = running.get(5, TimeUnit.SECONDS);
            assertThat(r.status(), is(503));
            assertThat(TestServer.json(r.body()).getJsonObject("error").getString("code"), is("request_cancelled"));
            assertThat(queued.get(5, TimeUnit.SECONDS).status(), is(503));
            HttpReply stream = queuedStream.get(5, TimeUnit.SECONDS);
            assertThat(stream.body(), containsString("request_cancelled"));
            assertThat(stream.events().getLast(), is("[DONE]"));
            awaitQueueEmpty();
        }
        assertThat(server.post("/v1/internal/model/load", "{}", "X-Model-Id", "9").status(), is(400));
        assertThat(server.post("/management/process/clean-up", "{\"timeout\": 1}", "X-Model-Id", "9").status(), is(404));
        assertThat(server.post("/management/process/clean-up", "{}", "X-Model-Id", "0").status(), is(400));
        // only the running request may have reached the host; the dropped ones never did
        assertThat(idleHostStats().requestsServed(), lessThanOrEqualTo(servedBefore + 1));
    }
    @Test
    void connectionChurnBesideShortRequestsLosesNoAnswer() throws Exception {
        server.fakeModel("fast.gguf", "text=ok\n");
        server.load("1", "fast.gguf");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger churned = new AtomicInteger();
        List<Thread> churn = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            boolean reset = t == 0;
            churn.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.server().port())) {
                        if (reset) {
                            s.setSoLinger(true, 0);
                        }
                        churned.incrementAndGet();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }));
        }
        List<String> failed = new ArrayList<>();
        try {
            for (int i = 0; i < 400; i++) {
                HttpReply r = server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 3}", "X-Model-Id", "1");
                if (r.status() != 200) {
                    failed.add(r.status() + " " + r.body());
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : churn) {
                t.join();
            }
        }
        System.err.println("400 completions beside " + churned.get() + " connections opened and closed");
        assertThat(failed, is(List.of()));
    }
}
