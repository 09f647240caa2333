package dev.mlxgguf.image;

import dev.mlxgguf.testkit.AdapterFolder;
import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.ByteLevelBpe;
import dev.mlxgguf.testkit.GgufLora;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import dev.mlxgguf.testkit.http.HttpReply;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * MLX-format folders served by the runtime image: the same tiny weights as an MLX folder (slot 0) and as a
 * GGUF file (slot 1) answer identically over HTTP, and so do the same LoRA as an mlx_lm adapter folder and as a
 * llama.cpp adapter file (slots 2 and 3); an adapter changes the answers of its own slot only; streaming
 * equals non-streaming, the prompt cache works for MLX (also with an adapter, never reusing the base
 * model's states), and unloading ends the host.
 */
class MlxServingIT {

    private static final ByteLevelBpe BPE = ByteLevelBpe.standard();
    /** Greedy without the GGUF default repetition penalty (1.1, as the original), so both engines sample alike. */
    private static final String ALIKE = "\"repetition_penalty\": 1.0, \"logit_bias\": {\"" + BPE.imEndId() + "\": -100, \"" + BPE.endOfTextId() + "\": -100}";

    @TempDir
    static Path root;
    static ImageServer server;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        Path adapters = Files.createDirectories(root.resolve("adapters"));
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel m = TinyArchModel.of(TinyArch.QWEN2, 42, vocab.size());
        MlxFolder.of(m, vocab, SafetensorsWriter.FloatType.BF16).writeTo(models.resolve("tiny-mlx"));
        ArchGguf.of(m, vocab).writeTo(models.resolve("tiny.gguf"));
        List<String> adapted = new ArrayList<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String module : List.of("self_attn.q_proj", "self_attn.v_proj", "mlp.down_proj", "mlp.up_proj")) {
                adapted.add("model.layers." + layer + "." + module);
            }
        }
        AdapterFolder style = AdapterFolder.random(m.weights(), adapted, 8, 20f, false, 9);
        new GgufLora(style, TinyArch.QWEN2).writeTo(adapters.resolve("style.gguf"));
        style.writeTo(adapters.resolve("style"));
        server = ImageServer.start(models, "--adapters-dir", adapters.toString());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String user, String extra) {
        return "{\"messages\": [{\"role\": \"system\", \"content\": \"You are terse.\"}, {\"role\": \"user\", \"content\": "
                + Json.createValue(user) + "}], \"max_tokens\": 16, \"temperature\": 0, " + ALIKE + extra + "}";
    }

    private static String content(JsonObject r) {
        return r.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
    }

    private static void load(String slot, String model, String adapter) {
        server.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"" + model + "\"" + adapter + "}", "X-Model-Id", slot);
    }

    @Test
    void aQuantizedKvCacheIsRefusedForAnMlxFolder() {
        var r = server.post("/v1/internal/model/load", "{\"llm_model_name\": \"tiny-mlx\", \"kv_cache_type\": \"q8_0\"}",
                "X-Model-Id", "8");
        assertThat(r.body(), r.status(), is(400));
        assertThat(ImageServer.json(r.body()).getJsonObject("error").getString("param"), is("kv_cache_type"));
    }

    @Test
    void hostsStartWithoutJvmWarnings() {
        // An MLX host has no JNA: naming it in --enable-native-access would warn; GGUF hosts must not warn either.
        var mlx = server.post("/v1/internal/model/load", "{\"llm_model_name\": \"tiny-mlx\"}", "X-Model-Id", "9");
        assertThat(mlx.body(), mlx.status() == 200 || mlx.status() == 409, is(true)); // 409: loaded by another test
        if (mlx.status() == 200) {
            server.post("/v1/internal/model/unload", "", "X-Model-Id", "9");
        }
        String log = String.join("\n", server.log());
        assertThat(log, org.hamcrest.Matchers.containsString("with engine mlx"));
        assertThat(log, not(org.hamcrest.Matchers.containsString("Unknown module")));
        assertThat(log, not(org.hamcrest.Matchers.containsString("restricted method")));
    }

    @Test
    void linkedModelsAndAHuggingFaceCacheFolderServeLikeTheOriginals() throws Exception {
        Path models = root.resolve("models");
        // a Hugging Face cache: the snapshot folder holds links into blobs/
        Path repo = Files.createDirectories(root.resolve("hf/hub/models--tiny--mlx"));
        Path blobs = Files.createDirectories(repo.resolve("blobs"));
        Path snapshot = Files.createDirectories(repo.resolve("snapshots/0123abcd"));
        try (var files = Files.list(models.resolve("tiny-mlx"))) {
            for (Path f : files.toList()) {
                Path blob = Files.copy(f, blobs.resolve("blob-" + f.getFileName()));
                Files.createSymbolicLink(snapshot.resolve(f.getFileName()), snapshot.relativize(blob));
            }
        }
        Files.createSymbolicLink(models.resolve("hf-tiny"), snapshot);
        Path disk = Files.createDirectories(root.resolve("big-disk"));
        Files.copy(models.resolve("tiny.gguf"), disk.resolve("tiny.gguf"));
        Files.createSymbolicLink(models.resolve("linked.gguf"), disk.resolve("tiny.gguf"));
        load("7", "hf-tiny", "");
        load("8", "linked.gguf", "");
        try {
            // the MLX folder behind the cache's links and the linked GGUF of the same weights answer alike
            String hf = content(server.postJson("/v1/chat/completions", chat("Hi", ""), "X-Model-Id", "7"));
            assertThat(content(server.postJson("/v1/chat/completions", chat("Hi", ""), "X-Model-Id", "8")), is(hf));
            assertThat(hf.isEmpty(), is(false));
            assertThat(server.getJson("/v1/internal/model/info/hf-tiny").getString("model_type"), is("mlx"));
        } finally {
            for (String slot : List.of("7", "8")) {
                server.postJson("/v1/internal/model/unload", "", "X-Model-Id", slot);
            }
        }
    }

    @Test
    void mlxAndGgufOfTheSameWeightsAnswerAlikeAndAdaptersStayInTheirSlot() {
        load("0", "tiny-mlx", "");
        load("1", "tiny.gguf", "");
        load("2", "tiny-mlx", ", \"adapter_name\": \"style\"");
        load("3", "tiny.gguf", ", \"adapter_name\": \"style.gguf\"");
        assertThat(server.getJson("/v1/internal/adapter/list").toString(), is("{\"adapters\":[{\"name\":\"style\"},"
                + "{\"name\":\"style.gguf\"}]}"));
        assertThat(server.getJson("/v1/models").getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(o -> o.getString("id")).toList(), hasItems("tiny-mlx", "tiny.gguf"));
        assertThat(server.getJson("/v1/internal/model/info/tiny-mlx").getString("model_type"), is("mlx"));
        int changed = 0;
        for (String user : List.of("Hi", "Tell me about the river.", "What is 2 + 2?")) {
            JsonObject mlx = server.postJson("/v1/chat/completions", chat(user, ""), "X-Model-Id", "0");
            JsonObject gguf = server.postJson("/v1/chat/completions", chat(user, ""), "X-Model-Id", "1");
            JsonObject adapted = server.postJson("/v1/chat/completions", chat(user, ""), "X-Model-Id", "2");
            JsonObject adaptedGguf = server.postJson("/v1/chat/completions", chat(user, ""), "X-Model-Id", "3");
            assertThat("the same LoRA in both engines", content(adaptedGguf), is(content(adapted)));
            assertThat(user, content(mlx), is(content(gguf)));
            assertThat(mlx.getJsonObject("usage").getInt("prompt_tokens"), is(gguf.getJsonObject("usage").getInt("prompt_tokens")));
            assertThat(mlx.getJsonObject("usage").getInt("completion_tokens"), is(16));
            changed += content(adapted).equals(content(mlx)) ? 0 : 1;
        }
        assertThat("the adapter changes answers", changed, greaterThan(0));
        // prompt cache with an adapter: hits give the uncached answer, and the base model's saved states are
        // never loaded by the adapted slot (the adapter is part of the model key)
        String longer = "Tell me everything about rivers, valleys and the travellers who follow them. ".repeat(8);
        JsonObject baseSaved = server.postJson("/v1/chat/completions", chat(longer, ", \"kv_cache_threshold\": 0"),
                "X-Model-Id", "0");
        JsonObject baseKv = baseSaved.getJsonObject("usage").getJsonObject("kv_cache");
        assertThat(baseKv.getBoolean("saved"), is(true));
        String savedId = baseKv.getString("state_id");
        String uncached = content(server.postJson("/v1/chat/completions", chat(longer + " Again.", ", \"use_kv_cache\": false"),
                "X-Model-Id", "2"));
        JsonObject hit = server.postJson("/v1/chat/completions", chat(longer + " Again.", ""), "X-Model-Id", "2");
        assertThat(content(hit), is(uncached));
        JsonObject kv = hit.getJsonObject("usage").getJsonObject("kv_cache");
        assertThat(kv.getString("source"), is(not("disk")));
        assertThat(kv.getString("state_id"), is(not(savedId)));
        String prompt = "{\"prompt\": \"Once upon a time\", \"max_tokens\": 12, \"temperature\": 0, " + ALIKE + "}";
        assertThat(server.postJson("/v1/completions", prompt, "X-Model-Id", "0").getJsonArray("choices").getJsonObject(0)
                .getString("text"), is(server.postJson("/v1/completions", prompt, "X-Model-Id", "1").getJsonArray("choices")
                .getJsonObject(0).getString("text")));
    }

    @Test
    void streamingEqualsNonStreamingAndTheCacheKeepsAnswers() {
        server.post("/v1/internal/model/unload", "", "X-Model-Id", "0"); // one slot per model: free it if the other test used it
        load("5", "tiny-mlx", "");
        String plain = content(server.postJson("/v1/chat/completions", chat("Stream this.", ", \"use_kv_cache\": false"),
                "X-Model-Id", "5"));
        HttpReply r = server.post("/v1/chat/completions", chat("Stream this.", ", \"stream\": true"), "X-Model-Id", "5");
        assertThat(r.status(), is(200));
        List<String> events = r.events();
        assertThat(events.getLast(), is("[DONE]"));
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonObject delta = ImageServer.json(e).getJsonArray("choices").getJsonObject(0).getJsonObject("delta");
            if (delta.containsKey("content")) {
                text.append(delta.getString("content"));
            }
        }
        assertThat(text.toString(), is(plain));
        // the same conversation again: served from the prompt cache, same answer
        JsonObject again = server.postJson("/v1/chat/completions", chat("Stream this.", ""), "X-Model-Id", "5");
        assertThat(content(again), is(plain));
        assertThat(again.getJsonObject("usage").getJsonObject("prompt_tokens_details").getInt("cached_tokens"), greaterThan(0));
        int hosts = server.hosts().size();
        server.postJson("/v1/internal/model/unload", "", "X-Model-Id", "5");
        assertThat(server.hosts().size(), is(hosts - 1));
    }
}
