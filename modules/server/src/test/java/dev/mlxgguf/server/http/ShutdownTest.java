package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.testkit.http.HttpReply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Graceful stop: new requests get 503, streams in flight finish or end with an error event, hosts end. */
class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void stopDrainsStreamsThenStopsHosts() throws Exception {
        TestServer s = TestServer.start(dir, b -> b.shutdownGrace(Duration.ofSeconds(1)));
        s.fakeModel("a.gguf", "token_delay_ms=30\n");
        s.fakeModel("b.gguf", "token_delay_ms=30\n");
        s.load("0", "a.gguf");
        s.load("1", "b.gguf");
        List<CompletableFuture<HttpReply>> streams = new ArrayList<>();
        streams.add(CompletableFuture.supplyAsync(() -> s.post("/v1/completions",
                "{\"prompt\": \"x\", \"max_tokens\": 30, \"stream\": true}", "X-Model-Id", "0")));
        s.awaitQueue("0", RequestQueue::busy, "the short stream running on slot 0");
        streams.add(CompletableFuture.supplyAsync(() -> s.post("/v1/completions",
                "{\"prompt\": \"x\", \"max_tokens\": 500, \"stream\": true}", "X-Model-Id", "1")));
        s.awaitQueue("1", RequestQueue::busy, "a stream running on slot 1");
        streams.add(CompletableFuture.supplyAsync(() -> s.post("/v1/completions",
                "{\"prompt\": \"x\", \"max_tokens\": 500, \"stream\": true}", "X-Model-Id", "0")));
        // the short stream (30 tokens of 30 ms) still runs: the long one waits behind it
        s.awaitQueue("0", q -> q.waitingCount() == 1, "the long stream waiting on slot 0");
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(s::close);
        s.awaitDraining();
        HttpReply late = s.post("/v1/completions", "{\"prompt\": \"x\"}");
        assertThat(late.status(), is(503));
        assertThat(late.body(), containsString("server_shutting_down"));
        stopping.get(30, TimeUnit.SECONDS);
        int finished = 0;
        int errored = 0;
        for (CompletableFuture<HttpReply> f : streams) {
            HttpReply r = f.get(5, TimeUnit.SECONDS);
            assertThat(r.status(), is(200));
            assertThat(r.body(), r.events().isEmpty(), is(false));
            assertThat(r.events().getLast(), is("[DONE]"));
            String last = r.events().get(r.events().size() - 2);
            assertThat(last, anyOf(containsString("finish_reason\":\"length"), containsString("\"error\"")));
            finished += last.contains("finish_reason\":\"length") ? 1 : 0;
            errored += last.contains("\"error\"") ? 1 : 0;
        }
        assertThat(finished + errored, is(3));
        assertThat(finished >= 1, is(true)); // the short stream finished within the grace period
        assertThat(TestServer.hosts().size(), is(0));
    }
}
