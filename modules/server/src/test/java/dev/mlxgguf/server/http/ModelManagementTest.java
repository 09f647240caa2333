package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Load, unload, info, adapters, memory budget, auto-load and load races, with real host processes. */
class ModelManagementTest {

    @TempDir
    Path dir;

    /** What a rejected name may get: 400 bad name, 404 no such entry, 414 name too long for a URL. */
    private static final List<Integer> REJECTED = List.of(400, 404, 414);

    private Path models() throws Exception {
        return Files.createDirectories(dir.resolve("models"));
    }

    private static int processCount(TestServer s) {
        return s.getJson("/management/processes").getJsonArray("processes").size();
    }

    @Test
    void budgetEvictsTheLeastRecentlyUsedIdleModel() throws Exception {
        // Each fake model is estimated at its file size plus a 160 MiB host allowance: 0.4 GiB fits two.
        try (TestServer s = TestServer.start(models(), b -> b.maxMemoryBytes((long) (0.4 * (1L << 30))))) {
            s.fakeModel("a.gguf", "");
            s.fakeModel("b.gguf", "");
            s.fakeModel("c.gguf", "");
            s.load("1", "a.gguf");
            s.load("2", "b.gguf");
            s.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}", "X-Model-Id", "1"); // a is now newer than b
            s.load("3", "c.gguf");
            List<String> loaded = s.getJson("/management/processes").getJsonArray("processes").stream()
                    .map(v -> v.asJsonObject().getString("model_name")).toList();
            assertThat(loaded, is(List.of("a.gguf", "c.gguf")));
            assertThat(TestServer.hosts().size(), is(2));
        }
    }

    @Test
    void aModelLargerThanTheBudgetIsRefusedWithoutAProcess() throws Exception {
        try (TestServer s = TestServer.start(models(), b -> b.maxMemoryBytes(100L << 20))) {
            s.fakeModel("big.gguf", "");
            HttpReply r = s.post("/v1/internal/model/load", "{\"llm_model_name\": \"big.gguf\"}");
            assertThat(r.status(), is(503));
            assertThat(TestServer.json(r.body()).getJsonObject("error").getString("message"), containsString("memory budget"));
            assertThat(processCount(s), is(0));
            assertThat(TestServer.hosts().size(), is(0));
        }
    }

    @Test
    void autoLoadLoadsTheNamedModelIntoAFreeSlot() throws Exception {
        try (TestServer s = TestServer.start(models(), b -> b.maxMemoryBytes(1L << 30).autoLoad(true))) {
            s.fakeModel("auto.gguf", "text=auto\n");
            JsonObject r = s.postJson("/v1/completions", "{\"model\": \"auto.gguf\", \"prompt\": \"x\", \"max_tokens\": 1}");
            assertThat(r.getString("model"), is("auto.gguf"));
            JsonObject p = s.getJson("/management/processes").getJsonArray("processes").getJsonObject(0);
            assertThat(p.getString("model_id"), is("100"));
            // a second request reuses it; an unknown model still goes to slot 0
            s.postJson("/v1/completions", "{\"model\": \"auto.gguf\", \"prompt\": \"x\", \"max_tokens\": 1}");
            assertThat(processCount(s), is(1));
            HttpReply unknown = s.post("/v1/completions", "{\"model\": \"gpt-4o\", \"prompt\": \"x\"}");
            assertThat(TestServer.json(unknown.body()).getJsonObject("error").getString("code"), is("model_not_loaded"));
        }
    }

    @Test
    void perModelDefaultsApplyUnderRequestValues() throws Exception {
        try (TestServer s = TestServer.start(models(), 4)) {
            s.fakeModel("d.gguf", "text=a b c d e f g h\n");
            s.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"d.gguf\", \"max_tokens\": 3, \"stop\": [\"zz\"]}");
            JsonObject byDefault = s.postJson("/v1/completions", "{\"prompt\": \"x\"}");
            assertThat(byDefault.getJsonObject("usage").getInt("completion_tokens"), is(3));
            JsonObject overridden = s.postJson("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 5}");
            assertThat(overridden.getJsonObject("usage").getInt("completion_tokens"), is(5));
            HttpReply bad = s.post("/v1/internal/model/load", "{\"llm_model_name\": \"d.gguf\", \"top_p\": 7}", "X-Model-Id", "2");
            assertThat(bad.status(), is(400));
            assertThat(TestServer.json(bad.body()).getJsonObject("error").getString("param"), is("top_p"));
        }
    }

    @Test
    void infoAndAdapterListNeverShowAbsolutePaths() throws Exception {
        try (TestServer s = TestServer.start(models(), 4)) {
            s.fakeModel("i.gguf", "");
            Path adapters = Files.createDirectories(dir.resolve("adapters").resolve("style-lora"));
            Files.writeString(adapters.resolve("adapter_config.json"), "{}");
            Files.writeString(adapters.resolve("adapters.safetensors"), "");
            Files.writeString(dir.resolve("adapters").resolve("notes.txt"), "not an adapter");
            JsonObject info = s.getJson("/v1/internal/model/info/i.gguf");
            assertThat(info.getString("model_type"), is("llama-cpp"));
            assertThat(info.getBoolean("is_loaded"), is(false));
            assertThat(info.getString("model_path"), is("models/i.gguf"));
            s.load("4", "i.gguf");
            JsonObject loaded = s.getJson("/v1/internal/model/info/i.gguf");
            assertThat(loaded.getBoolean("is_loaded"), is(true));
            assertThat(loaded.getString("loaded_model_id"), is("4"));
            assertThat(s.get("/v1/internal/model/info/none.gguf").status(), is(404));
            JsonArray list = s.getJson("/v1/internal/adapter/list").getJsonArray("adapters");
            assertThat(list.size(), is(1));
            assertThat(list.getJsonObject(0).getString("name"), is("style-lora"));
            assertThat(s.get("/v1/internal/model/info/i.gguf").body().contains(dir.toString()), is(false));
        }
    }

    @Test
    void traversalNamesAreRejectedAndOnlyListedNamesLoad() throws Exception {
        Path models = models();
        Files.writeString(dir.resolve("outside.gguf"), "#fake-model\n");
        Files.createSymbolicLink(models.resolve("link.gguf"), dir.resolve("outside.gguf"));
        try (TestServer s = TestServer.start(models, 4)) {
            s.fakeModel("ok.gguf", "");
            List<String> names = TraversalNames.all();
            assertThat(names.size() >= 300, is(true));
            int rejected = 0;
            for (String name : names) {
                String json = jakarta.json.Json.createValue(name).toString();
                int load = s.post("/v1/internal/model/load", "{\"llm_model_name\": " + json + "}", "X-Model-Id", "9").status();
                int adapter = s.post("/v1/internal/model/load", "{\"llm_model_name\": \"ok.gguf\", \"adapter_name\": " + json
                        + "}", "X-Model-Id", "9").status();
                int info = s.get("/v1/internal/model/info/" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20")).status();
                // An empty adapter_name means "no adapter" (api.md), so that one request may load ok.gguf.
                boolean adapterOk = REJECTED.contains(adapter) || name.isEmpty() && List.of(200, 409).contains(adapter);
                if (REJECTED.contains(load) && adapterOk && REJECTED.contains(info)) {
                    rejected++;
                }
            }
            assertThat(rejected, is(names.size()));
            // at most the one legitimate load of ok.gguf; no client-made path reached a file
            assertThat(s.getJson("/management/processes").getJsonArray("processes").stream()
                    .allMatch(p -> p.asJsonObject().getString("model_name").equals("ok.gguf")), is(true));
            assertThat(TestServer.hosts().size(), lessThanOrEqualTo(1));
            // the owner's link is a model like any other, under its own name
            assertThat(s.getJson("/v1/internal/model/list").getJsonArray("model_names").toString().contains("link.gguf"),
                    is(true));
            assertThat(s.post("/v1/internal/model/unload", "", "X-Model-Id", "9").status(), anyOf(is(200), is(400), is(404)));
            s.load("8", "link.gguf");
            assertThat(s.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 2}", "X-Model-Id", "8").status(),
                    is(200));
        }
    }

    @Test
    void concurrentLoadsOfOneSlotOrModelStartOneProcess() throws Exception {
        try (TestServer s = TestServer.start(models(), 4); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            s.fakeModel("c.gguf", "load_delay_ms=200\n");
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String slot = i % 2 == 0 ? "0" : "s" + i;
                Callable<Integer> load = () -> s.post("/v1/internal/model/load", "{\"llm_model_name\": \"c.gguf\"}",
                        "X-Model-Id", slot).status();
                results.add(pool.submit(load));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                int status = f.get();
                assertThat(status, anyOf(is(200), is(409)));
                ok += status == 200 ? 1 : 0;
            }
            assertThat(ok, is(1));
            assertThat(TestServer.hosts().size(), is(1));
        }
    }

    @Test
    void concurrentLoadUnloadAndGenerateNeverDeadlockOrLeakProcesses() throws Exception {
        try (TestServer s = TestServer.start(models(), 8); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            s.fakeModel("r.gguf", "token_delay_ms=1\n");
            for (int i = 0; i < 100; i++) {
                List<Future<Integer>> f = List.of(
                        pool.submit(() -> s.post("/v1/internal/model/load", "{\"llm_model_name\": \"r.gguf\"}").status()),
                        pool.submit(() -> s.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 3}").status()),
                        pool.submit(() -> s.post("/v1/internal/model/unload", "").status()));
                for (Future<Integer> x : f) {
                    assertThat(x.get(60, java.util.concurrent.TimeUnit.SECONDS),
                            anyOf(is(200), is(400), is(404), is(409), is(503)));
                }
                int loaded = processCount(s);
                assertThat(loaded, lessThanOrEqualTo(1));
                awaitHosts(loaded);
            }
        }
    }

    private static void awaitHosts(int expected) {
        TestServer.awaitHostCount(expected, java.time.Duration.ofSeconds(10));
    }
}
