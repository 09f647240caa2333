package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.testkit.http.HttpReply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Unloading a slot with requests in flight ends each of them cleanly. */
class UnloadTest {

    @TempDir
    Path dir;

    @Test
    void inFlightAndQueuedRequestsEndWithAnError() throws Exception {
        try (TestServer s = TestServer.start(dir, 8)) {
            s.fakeModel("u.gguf", "token_delay_ms=20\n");
            s.load("0", "u.gguf");
            CompletableFuture<HttpReply> stream = CompletableFuture.supplyAsync(() -> s.post("/v1/completions",
                    "{\"prompt\": \"x\", \"max_tokens\": 1000, \"stream\": true}"));
            s.awaitQueue("0", RequestQueue::busy, "the stream running");
            CompletableFuture<HttpReply> queued = CompletableFuture.supplyAsync(() -> s.post("/v1/completions",
                    "{\"prompt\": \"x\", \"max_tokens\": 5}"));
            s.awaitQueue("0", q -> q.waitingCount() == 1, "the second request waiting");
            assertThat(s.postJson("/v1/internal/model/unload", "").getString("unload"), is("success"));
            HttpReply sr = stream.get(5, TimeUnit.SECONDS);
            assertThat(sr.events().getLast(), is("[DONE]"));
            assertThat(sr.events().get(sr.events().size() - 2), containsString("\"error\""));
            HttpReply qr = queued.get(5, TimeUnit.SECONDS);
            assertThat(qr.status(), is(503));
            assertThat(TestServer.json(qr.body()).getJsonObject("error").getString("message"), containsString("unloaded"));
            assertThat(s.post("/v1/internal/model/unload", "").status(), is(404));
            assertThat(TestServer.hosts().size(), is(0));
        }
    }
}
