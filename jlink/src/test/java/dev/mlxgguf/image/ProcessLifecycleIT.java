package dev.mlxgguf.image;

import dev.mlxgguf.testkit.GgmlType;
import dev.mlxgguf.testkit.TinyGguf;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Host processes of the runtime image: one per slot, unload ends it, a killed server leaves none. */
class ProcessLifecycleIT {

    @TempDir
    Path models;

    @Test
    void twoModelsRunInTwoProcessesAndUnloadEndsOne() throws Exception {
        TinyGguf.write(models, "first.gguf", 11);
        TinyGguf.standard(22).withWeightType(GgmlType.Q8_0).withName("second").writeTo(models.resolve("second.gguf"));
        try (ImageServer server = ImageServer.start(models)) {
            // the server's module graph resolves no engine: no JNA, no Vector API (and so no incubator warning)
            assertThat(String.join("\n", server.log()), not(containsString("incubator")));
            server.load("0", "first.gguf");
            server.load("1", "second.gguf");
            // GGUF hosts see only engine-gguf: no Vector API, no incubator warning in their forwarded logs
            assertThat(String.join("\n", server.log()), not(containsString("incubator")));
            JsonArray processes = awaitRss(server, 2);
            long pid0 = processes.getJsonObject(0).getJsonNumber("process_id").longValue();
            long pid1 = processes.getJsonObject(1).getJsonNumber("process_id").longValue();
            assertThat(pid0, not(is(pid1)));
            assertThat(ProcessHandle.of(pid0).map(ProcessHandle::isAlive).orElse(false), is(true));
            assertThat(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false), is(true));
            assertThat(server.hosts().size(), is(2));

            String body = "{\"prompt\": \"Hello\", \"max_tokens\": 64, \"temperature\": 0}";
            CompletableFuture<JsonObject> a = CompletableFuture.supplyAsync(
                    () -> server.postJson("/v1/completions", body, "X-Model-Id", "0"));
            CompletableFuture<JsonObject> b = CompletableFuture.supplyAsync(
                    () -> server.postJson("/v1/completions", body, "X-Model-Id", "1"));
            assertThat(a.get(60, TimeUnit.SECONDS).getString("model"), is("first.gguf"));
            assertThat(b.get(60, TimeUnit.SECONDS).getString("model"), is("second.gguf"));

            assertThat(server.postJson("/v1/internal/model/unload", "", "X-Model-Id", "1").getString("unload"), is("success"));
            assertThat(ProcessHandle.of(pid1).map(ProcessHandle::isAlive).orElse(false), is(false));
            assertThat(server.postJson("/v1/completions", body, "X-Model-Id", "0").getString("model"), is("first.gguf"));
            assertThat(server.getJson("/management/processes").getJsonArray("processes").size(), is(1));
            assertThat(server.hosts().size(), is(1));
        }
    }

    @Test
    void killingTheServerLeavesNoHostBehind() throws Exception {
        TinyGguf.write(models, "a.gguf", 3);
        TinyGguf.write(models, "b.gguf", 4);
        ImageServer server = ImageServer.start(models);
        server.load("0", "a.gguf");
        server.load("1", "b.gguf");
        List<ProcessHandle> hosts = server.hosts();
        assertThat(hosts.size(), is(2));
        server.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        CompletableFuture.allOf(hosts.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                .get(5, TimeUnit.SECONDS);
        assertThat(hosts.stream().filter(ProcessHandle::isAlive).count(), is(0L));
    }

    /** Process statistics are sampled in the background: waits until every host has its first sample. */
    private static JsonArray awaitRss(ImageServer server, int count) {
        JsonArray p = ImageServer.until(() -> {
            JsonArray all = server.getJson("/management/processes").getJsonArray("processes");
            return all.size() == count && all.stream().allMatch(v -> v.asJsonObject().getJsonNumber("memory_usage")
                    .longValue() > 0) ? java.util.Optional.of(all) : java.util.Optional.empty();
        }, java.time.Duration.ofSeconds(15), count + " processes with a memory sample");
        for (var v : p) {
            assertThat(v.asJsonObject().getJsonNumber("memory_usage").longValue(), greaterThan(0L));
        }
        return p;
    }
}
