package dev.mlxgguf.image;

import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/** The prompt cache through the runtime image: memory and disk hits, persistence, eviction, import/export. */
class PromptCacheIT {

    static final String SYSTEM = "You answer questions about rivers, valleys and the people who travel along them. "
            .repeat(25);

    @TempDir
    Path root;

    private Path models() throws IOException {
        return Files.createDirectories(root.resolve("m"));
    }

    private Path cacheDir() {
        return root.resolve("m-kv"); // ImageServer puts the cache next to the models folder
    }

    private static String chat(String user, String extra) {
        return "{\"messages\": [{\"role\": \"system\", \"content\": " + Json.createValue(SYSTEM) + "}, {\"role\": \"user\", "
                + "\"content\": " + Json.createValue(user) + "}], \"max_tokens\": 16, \"temperature\": 0" + extra + "}";
    }

    private static JsonObject usage(JsonObject r) {
        return r.getJsonObject("usage");
    }

    private static String text(JsonObject r) {
        return r.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
    }

    @Test
    void secondTurnsReuseTheFirstAndAnswersDoNotChange() throws Exception {
        TinyGguf.write(models(), "c.gguf", 31);
        try (ImageServer s = ImageServer.start(models())) {
            s.load("0", "c.gguf");
            JsonObject first = s.postJson("/v1/chat/completions", chat("Tell me about the valley.", ""));
            assertThat(usage(first).getJsonObject("prompt_tokens_details").getInt("cached_tokens"), is(0));
            JsonObject second = s.postJson("/v1/chat/completions", chat("Tell me about the river.", ""));
            int cached = usage(second).getJsonObject("prompt_tokens_details").getInt("cached_tokens");
            assertThat(cached, greaterThan(500));
            assertThat(usage(second).getJsonObject("kv_cache").getString("source"), is("memory"));
            JsonObject uncached = s.postJson("/v1/chat/completions", chat("Tell me about the river.", ", \"use_kv_cache\": false"));
            assertThat(text(second), is(text(uncached)));
            JsonObject stats = s.getJson("/management/processes").getJsonArray("processes").getJsonObject(0)
                    .getJsonObject("kv_cache");
            assertThat(stats.getInt("memory_hits"), is(1));
            assertThat(stats.getInt("misses"), is(1));
        }
    }

    @Test
    void statesOnDiskSurviveUnloadReloadAndRestart() throws Exception {
        TinyGguf.write(models(), "d.gguf", 32);
        String save = ", \"kv_cache_threshold\": 0";
        String expected;
        try (ImageServer s = ImageServer.start(models())) {
            s.load("0", "d.gguf");
            JsonObject saved = s.postJson("/v1/chat/completions", chat("First question.", save));
            assertThat(usage(saved).getJsonObject("kv_cache").getBoolean("saved"), is(true));
            expected = text(s.postJson("/v1/chat/completions", chat("Second question.", ", \"use_kv_cache\": false")));
            s.postJson("/v1/internal/model/unload", "");
            s.load("0", "d.gguf");
            JsonObject fromDisk = s.postJson("/v1/chat/completions", chat("Second question.", save));
            assertThat(usage(fromDisk).getJsonObject("kv_cache").getString("source"), is("disk"));
            assertThat(usage(fromDisk).getJsonObject("prompt_tokens_details").getInt("cached_tokens"), greaterThan(500));
            assertThat(text(fromDisk), is(expected));
        }
        // a half-written state from a crash is removed at start and never loaded
        Path half = cacheDir().resolve(".tmp-" + UUID.randomUUID());
        Files.write(half, new byte[] {'M', 'G', 'K', 'V', 1});
        try (ImageServer s = ImageServer.start(models())) {
            assertThat(Files.exists(half), is(false));
            s.load("0", "d.gguf");
            JsonObject afterRestart = s.postJson("/v1/chat/completions", chat("Second question.", ""));
            assertThat(usage(afterRestart).getJsonObject("kv_cache").getString("source"), is("disk"));
            assertThat(text(afterRestart), is(expected));
        }
    }

    @Test
    void killingServerAndHostDuringSavesLeavesOnlyCompleteStates() throws Exception {
        TinyGguf.write(models(), "k.gguf", 36);
        String save = ", \"kv_cache_threshold\": 0";
        String expected;
        long full;
        try (ImageServer s = ImageServer.start(models())) {
            s.load("0", "k.gguf");
            expected = text(s.postJson("/v1/chat/completions", chat("Kill question.", ", \"use_kv_cache\": false")));
            long start = System.nanoTime();
            s.postJson("/v1/chat/completions", chat("Timing question.", save));
            full = (System.nanoTime() - start) / 1_000_000;
        }
        // kill -9 the server and its host at points spread over a request that ends with a save
        for (double at : new double[] {0.5, 0.8, 0.9, 1.0, 1.1}) {
            ImageServer s = ImageServer.start(models());
            s.load("0", "k.gguf");
            List<ProcessHandle> all = new ArrayList<>(s.hosts());
            all.add(s.process().toHandle());
            s.http().client().sendAsync(s.http().request("/v1/chat/completions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(chat("Question at " + at + ".", save))).build(),
                    HttpResponse.BodyHandlers.discarding());
            Thread.sleep((long) (full * at)); // a timing test: the kill lands at this fraction of the request
            all.forEach(ProcessHandle::destroyForcibly);
            s.process().waitFor();
            s.close();
        }
        try (ImageServer s = ImageServer.start(models())) {
            try (Stream<Path> files = Files.list(cacheDir())) {
                assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".tmp")).toList(),
                        is(List.of()));
            }
            s.load("0", "k.gguf");
            JsonObject after = s.postJson("/v1/chat/completions", chat("Kill question.", ""));
            assertThat(text(after), is(expected));
            assertThat(String.join("\n", s.log()), not(containsString("corrupt")));
        }
    }

    @Test
    void evictionKeepsTheFolderUnderTheCap() throws Exception {
        TinyGguf.write(models(), "e.gguf", 33);
        long cap = 600_000;
        try (ImageServer s = ImageServer.start(models(), "--max-kv-size", Double.toString(cap / (1024.0 * 1024 * 1024)))) {
            s.load("0", "e.gguf");
            for (int i = 0; i < 6; i++) {
                s.postJson("/v1/chat/completions", chat("Question number " + i + " " + "x ".repeat(i * 40),
                        ", \"kv_cache_threshold\": 0"));
                assertThat(folderBytes(), lessThanOrEqualTo(cap));
            }
            assertThat(folderBytes(), greaterThan(0L));
        }
    }

    @Test
    void exportAndImportMoveStatesOnlyToTheSameModel() throws Exception {
        TinyGguf.write(models(), "x.gguf", 34);
        TinyGguf.write(models(), "y.gguf", 35);
        try (ImageServer s = ImageServer.start(models())) {
            s.load("0", "x.gguf");
            s.load("1", "y.gguf");
            JsonObject saved = s.postJson("/v1/chat/completions", chat("Q.", ", \"kv_cache_threshold\": 0"));
            String id = usage(saved).getJsonObject("kv_cache").getString("state_id");
            HttpResponse<byte[]> exported = s.http().client().send(s.http().request("/v1/internal/model/kv_cache/export/" + id)
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(exported.statusCode(), is(200));
            assertThat(exported.body().length, greaterThan(1000));
            HttpReply wrongModel = upload(s, "1", exported.body());
            assertThat(wrongModel.status(), is(400));
            assertThat(wrongModel.body(), containsString("another model"));
            HttpReply ok = upload(s, "0", exported.body());
            assertThat(ok.body(), ok.status(), is(200));
            assertThat(ImageServer.json(ok.body()).getString("id").equals(id), is(false));
            assertThat(s.get("/v1/internal/model/kv_cache/export/../../etc/passwd").status(), lessThanOrEqualTo(404));
            assertThat(s.get("/v1/internal/model/kv_cache/export/" + UUID.randomUUID()).status(), is(404));
        }
    }

    private static HttpReply upload(ImageServer s, String slot, byte[] bytes) throws Exception {
        MultipartForm form = new MultipartForm().file("file", "state.kv", "application/octet-stream", bytes);
        HttpRequest req = s.http().request("/v1/internal/model/kv_cache/import").header("X-Model-Id", slot)
                .header("Content-Type", form.contentType()).POST(form.publisher()).build();
        HttpResponse<String> r = s.http().client().send(req, HttpResponse.BodyHandlers.ofString());
        return new HttpReply(r.statusCode(), r.headers().map(), r.body());
    }

    private long folderBytes() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir())) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

}
