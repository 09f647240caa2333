package dev.mlxgguf.image;

import dev.mlxgguf.testkit.DamagedFiles;
import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.RawHttpClient;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Crashes of real llama.cpp hosts in the runtime image, the crash-loop breaker, and SIGTERM. */
class CrashRecoveryIT {

    @TempDir
    Path models;

    private static JsonObject slot(ImageServer s, String id) {
        return s.getJson("/management/processes").getJsonArray("processes").stream().map(v -> v.asJsonObject())
                .filter(p -> p.getString("model_id").equals(id)).findFirst().orElseThrow();
    }

    private static String awaitState(ImageServer s, String id, List<String> states, long seconds) {
        return s.awaitProcess(id, p -> states.contains(p.getString("state")), java.time.Duration.ofSeconds(seconds))
                .getString("state");
    }

    @Test
    void killingTheHostMidStreamTwentyTimesAlwaysEndsTheStreamAndTheSlotRecovers() throws Exception {
        TinyGguf.write(models, "k.gguf", 5);
        List<Long> latencies = new ArrayList<>();
        try (ImageServer server = ImageServer.start(models)) {
            server.load("0", "k.gguf");
            int port = Integer.parseInt(server.http().base().substring(server.http().base().lastIndexOf(':') + 1));
            for (int i = 0; i < 20; i++) {
                if (awaitState(server, "0", List.of("ready", "failed"), 30).equals("failed")) {
                    server.postJson("/v1/internal/model/unload", "");
                    server.load("0", "k.gguf"); // the breaker tripped: an explicit load starts afresh
                }
                long pid = slot(server, "0").getJsonNumber("process_id").longValue();
                try (RawHttpClient c = RawHttpClient.post(port, "/v1/completions",
                        "{\"prompt\": \"Once\", \"max_tokens\": 2000, \"temperature\": 0, \"stream\": true}")) {
                    c.skipTo("data: {", 2);
                    long t0 = System.nanoTime();
                    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                    String error = c.skipTo("data: {\"error\"", 1);
                    latencies.add((System.nanoTime() - t0) / 1_000_000);
                    assertThat(error, containsString("model_process_crashed"));
                    assertThat(c.skipTo("data: [DONE]", 1), is("data: [DONE]"));
                }
            }
            awaitState(server, "0", List.of("ready", "failed"), 30);
            if (slot(server, "0").getString("state").equals("failed")) {
                server.postJson("/v1/internal/model/unload", "");
                server.load("0", "k.gguf");
            }
            assertThat(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 3}").status(), is(200));
        }
        Collections.sort(latencies);
        long p50 = latencies.get(latencies.size() / 2);
        long p99 = latencies.getLast();
        System.err.println("kill-to-error latency over 20 kills: p50 " + p50 + " ms, p99 " + p99 + " ms");
        assertThat(p99, lessThan(2000L));
    }

    @Test
    void aModelThatNoLongerLoadsTripsTheBreaker() throws Exception {
        Path good = TinyGguf.write(models, "t.gguf", 6);
        Path backup = Files.copy(good, models.resolveSibling("t.backup"), StandardCopyOption.REPLACE_EXISTING);
        try (ImageServer server = ImageServer.start(models)) {
            server.load("0", "t.gguf");
            long pid = slot(server, "0").getJsonNumber("process_id").longValue();
            Path truncated = models.resolveSibling("t.truncated");
            DamagedFiles.truncatedCopy(backup, truncated, 0.5);
            Files.move(truncated, good, StandardCopyOption.REPLACE_EXISTING);
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(awaitState(server, "0", List.of("failed"), 30), is("failed"));
            assertThat(slot(server, "0").getString("last_error"), containsString("restart failed"));
            assertThat(server.hosts().size(), is(0));
            long t0 = System.nanoTime();
            HttpReply r = server.post("/v1/completions", "{\"prompt\": \"x\"}");
            assertThat(r.status(), is(503));
            assertThat((System.nanoTime() - t0) / 1_000_000, lessThan(1000L));
            Thread.sleep(2500); // lets time pass: a failed slot must not respawn its host later either
            assertThat(server.hosts().size(), is(0));
            assertThat(slot(server, "0").getString("last_error").contains(models.toString()), is(false));
        }
    }

    @Test
    void promptsLongerThanTheContextGet400WithTheNumbers() {
        TinyGguf.write(models, "c.gguf", 7);
        try (ImageServer server = ImageServer.start(models)) {
            server.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"c.gguf\", \"context_length\": 64}");
            String longPrompt = "word ".repeat(400);
            for (int i = 0; i < 10; i++) {
                HttpReply r = server.post("/v1/completions", "{\"prompt\": \"" + longPrompt + "\"}");
                assertThat(r.status(), is(400));
                String message = ImageServer.json(r.body()).getJsonObject("error").getString("message");
                assertThat(message, containsString("tokens"));
                assertThat(message, containsString("holds 64 tokens"));
            }
            assertThat(server.post("/v1/completions", "{\"prompt\": \"short\", \"max_tokens\": 2}").status(), is(200));
        }
    }

    @Test
    void sigtermFinishesOrEndsStreamsAndStopsEveryHost() throws Exception {
        TinyGguf.write(models, "s1.gguf", 8);
        TinyGguf.write(models, "s2.gguf", 9);
        ImageServer server = ImageServer.start(models);
        server.load("0", "s1.gguf");
        server.load("1", "s2.gguf");
        List<ProcessHandle> hosts = server.hosts();
        List<CompletableFuture<HttpReply>> streams = new ArrayList<>();
        for (String slot : List.of("0", "1", "0")) {
            streams.add(CompletableFuture.supplyAsync(() -> server.post("/v1/completions",
                    "{\"prompt\": \"Once\", \"max_tokens\": 100000, \"stream\": true}", "X-Model-Id", slot)));
        }
        server.awaitProcess("0", p -> ImageServer.running(p) && p.getJsonObject("current_queue").getInt("request_queue_size") == 1,
                java.time.Duration.ofSeconds(30));
        server.awaitProcess("1", ImageServer::running, java.time.Duration.ofSeconds(30));
        server.close(); // SIGTERM, then waits for exit
        for (CompletableFuture<HttpReply> f : streams) {
            HttpReply r = f.get(60, TimeUnit.SECONDS);
            assertThat(r.events().getLast(), is("[DONE]"));
            assertThat(r.events().get(r.events().size() - 2), anyOf(containsString("\"error\""),
                    containsString("finish_reason\":\"length"), containsString("finish_reason\":\"stop")));
        }
        assertThat(hosts.stream().filter(ProcessHandle::isAlive).count(), is(0L));
    }
}
