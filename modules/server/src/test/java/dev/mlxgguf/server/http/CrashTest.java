package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.RawHttpClient;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/** Host crashes, restarts, the crash-loop breaker and hung hosts, with real host processes (fake engine). */
class CrashTest {

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, 8);
        server.fakeModel("m.gguf", "token_delay_ms=20\ncrash_at_load_if_exists=m.crash\n");
        server.load("0", "m.gguf");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private long pid() {
        return server.getJson("/management/processes").getJsonArray("processes").getJsonObject(0)
                .getJsonNumber("process_id").longValue();
    }

    @Test
    void aKilledHostEndsItsStreamWithAnErrorWithinTwoSecondsAndRestarts() throws Exception {
        long pid = pid();
        CompletableFuture<HttpReply> queued;
        long killedAt;
        try (RawHttpClient stream = RawHttpClient.post(server.server().port(), "/v1/completions",
                "{\"prompt\": \"x\", \"max_tokens\": 1000, \"stream\": true}")) {
            stream.skipTo("data: {", 3);
            queued = CompletableFuture.supplyAsync(() -> server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 5}"));
            server.awaitQueue("0", q -> q.waitingCount() == 1, "the second request waiting");
            killedAt = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            String error = stream.skipTo("data: {\"error\"", 1);
            long ms = (System.nanoTime() - killedAt) / 1_000_000;
            System.err.println("kill to SSE error: " + ms + " ms");
            assertThat(error, containsString("model_process_crashed"));
            assertThat(error, containsString("signal 9"));
            assertThat(stream.skipTo("data: [DONE]", 1), is("data: [DONE]"));
            assertThat(ms, lessThan(2000L));
        }
        HttpReply q = queued.get(3, TimeUnit.SECONDS);
        assertThat(q.status(), is(503));
        assertThat((System.nanoTime() - killedAt) / 1_000_000, lessThan(2500L));
        JsonObject ready = server.awaitState("0", "ready", pid, Duration.ofSeconds(10));
        assertThat(ready.getJsonNumber("process_id").longValue(), not(is(pid)));
        assertThat(ready.getString("last_error"), containsString("signal 9"));
        assertThat(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 2}").status(), is(200));
    }

    @Test
    void aModelThatKeepsCrashingAtLoadTripsTheBreaker() throws Exception {
        Files.writeString(dir.resolve("m.crash"), "");
        ProcessHandle.of(pid()).orElseThrow().destroyForcibly();
        server.awaitState("0", "crashed", Duration.ofSeconds(5));
        JsonObject failed = server.awaitState("0", "failed", Duration.ofSeconds(15));
        assertThat(failed.getString("last_error"), containsString("restart failed"));
        assertThat(failed.getJsonNumber("process_id").longValue(), is(0L)); // no dead pid shown as if it ran
        assertThat(TestServer.hosts().size(), is(0));
        long t0 = System.nanoTime();
        HttpReply r = server.post("/v1/completions", "{\"prompt\": \"x\"}");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.err.println("request to a failed slot answered in " + ms + " ms");
        assertThat(r.status(), is(503));
        assertThat(TestServer.json(r.body()).getJsonObject("error").getString("message"), containsString("load the model again"));
        Thread.sleep(3000); // lets time pass: a failed slot must not respawn its host later either
        assertThat(TestServer.hosts().size(), is(0));
        Files.delete(dir.resolve("m.crash"));
        assertThat(server.postJson("/management/process/restart", "", "X-Model-Id", "0").getString("process_restart"),
                is("success"));
        assertThat(server.awaitState("0", "ready", Duration.ofSeconds(1)).getJsonNumber("process_id").longValue() > 0, is(true));
        assertThat(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}").status(), is(200));
        assertThat(server.post("/management/process/restart", "", "X-Model-Id", "0").status(), is(409));
        assertThat(server.post("/management/process/restart", "", "X-Model-Id", "5").status(), is(404));
    }

    @Test
    void occasionalKillsBetweenServedRequestsNeverTripTheBreaker() throws Exception {
        for (int kill = 0; kill < 4; kill++) { // one more than the breaker's three crashes
            assertThat(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 2}").status(), is(200));
            long pid = pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            JsonObject ready = server.awaitState("0", "ready", pid, Duration.ofSeconds(30));
            assertThat(ready.getString("last_error"), containsString("signal 9"));
        }
        assertThat(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 2}").status(), is(200));
    }

    @Test
    void processListWorksDuringALoadAndAfterACrash() throws Exception {
        server.fakeModel("late.gguf", "load_delay_ms=1500\n");
        CompletableFuture<HttpReply> load = CompletableFuture.supplyAsync(() -> server.post("/v1/internal/model/load",
                "{\"llm_model_name\": \"late.gguf\"}", "X-Model-Id", "1"));
        JsonObject loading = server.awaitState("1", "loading", Duration.ofSeconds(5));
        assertThat(loading.getString("model_name"), is("late.gguf"));
        assertThat(server.post("/v1/completions", "{\"prompt\": \"x\"}", "X-Model-Id", "1").status(), is(503));
        assertThat(load.get(10, TimeUnit.SECONDS).status(), is(200));
        ProcessHandle.of(pid()).orElseThrow().destroyForcibly();
        JsonObject crashed = server.awaitState("0", "crashed", Duration.ofSeconds(5));
        assertThat(crashed.getString("last_error"), containsString("signal 9"));
    }

    @Test
    void aHostThatStopsAnsweringIsKilledAndRestarted() throws Exception {
        long pid = pid();
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        try {
            JsonObject restarted = server.awaitState("0", "ready", Duration.ofSeconds(1));
            assertThat(restarted.getJsonNumber("process_id").longValue(), is(pid)); // still "ready" at first
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(25, TimeUnit.SECONDS).join());
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), is(false));
            JsonObject ready = server.awaitState("0", "ready", pid, Duration.ofSeconds(10));
            assertThat(ready.getJsonNumber("process_id").longValue(), not(is(pid)));
        } finally {
            new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
        }
    }
}
