package dev.mlxgguf.image;

import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.TinyLlamaConfig;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A model trained for 131,072 tokens loads with the context its KV budget allows (--ctx-size auto), unless the
 * load or --ctx-size names one; prompts past it get context_length_exceeded.
 */
class ContextSizingIT {

    @TempDir
    Path models;

    private static JsonObject info(ImageServer s) {
        return s.getJson("/v1/internal/model/info/long.gguf");
    }

    @Test
    void theKvBudgetCapsTheDefaultContext() {
        TinyLlamaConfig c = TinyLlamaConfig.standard(5);
        TinyGguf.standard(5).withConfig(new TinyLlamaConfig(c.seed(), c.vocabSize(), c.hiddenSize(), c.layers(), c.heads(),
                c.kvHeads(), c.intermediateSize(), 131_072, c.rmsNormEps(), c.ropeTheta(), c.tieEmbeddings()))
                .writeTo(models.resolve("long.gguf"));
        // 2 layers x 2 KV heads x 16 x (K and V) x 2 bytes = 256 bytes of KV cache per token
        try (ImageServer s = ImageServer.start(models, "--kv-budget-gb", "0.001")) {
            s.load("0", "long.gguf");
            int capped = (int) ((long) (0.001 * (1L << 30)) / 256);
            assertThat(info(s).getInt("context_length"), is(capped));
            assertThat(info(s).getJsonNumber("kv_cache_bytes").longValue(), is(256L * capped));
            JsonObject listed = s.getJson("/v1/models").getJsonArray("data").getJsonObject(0);
            assertThat(listed.getInt("context_length"), is(capped));
            assertThat(listed.getJsonNumber("kv_cache_bytes").longValue(), is(256L * capped));
            s.postJson("/v1/internal/model/unload", "", "X-Model-Id", "0");
            s.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"long.gguf\", \"context_length\": 1024}",
                    "X-Model-Id", "0");
            assertThat(info(s).getInt("context_length"), is(1024));
            var tooLong = s.post("/v1/completions", "{\"prompt\": \"" + "word ".repeat(1100) + "\", \"max_tokens\": 1}");
            assertThat(tooLong.status(), is(400));
            assertThat(ImageServer.json(tooLong.body()).getJsonObject("error").getString("code"), is("context_length_exceeded"));
        }
        try (ImageServer s = ImageServer.start(models, "--ctx-size", "auto")) {
            s.load("0", "long.gguf");
            assertThat(info(s).getInt("context_length"), is(131_072)); // 32 MiB of KV fits the default 1 GiB
        }
        try (ImageServer s = ImageServer.start(models, "--ctx-size", "2048")) {
            s.load("0", "long.gguf");
            assertThat(info(s).getInt("context_length"), is(2048));
        }
    }

    @Test
    void aQuantizedKvCacheHoldsMoreContextInTheSameBudget() {
        TinyLlamaConfig c = TinyLlamaConfig.standard(6);
        // head size 32 (the quantized blocks divide it): 2 layers x 2 KV heads x 32 x (K and V) x 2 bytes = 512 B/token
        TinyGguf.standard(6).withConfig(new TinyLlamaConfig(c.seed(), c.vocabSize(), 64, c.layers(), 2, 2,
                c.intermediateSize(), 131_072, c.rmsNormEps(), c.ropeTheta(), c.tieEmbeddings()))
                .writeTo(models.resolve("wide.gguf"));
        TinyLlamaConfig n = TinyLlamaConfig.standard(5);
        TinyGguf.standard(5).withConfig(new TinyLlamaConfig(n.seed(), n.vocabSize(), n.hiddenSize(), n.layers(), n.heads(),
                n.kvHeads(), n.intermediateSize(), 131_072, n.rmsNormEps(), n.ropeTheta(), n.tieEmbeddings()))
                .writeTo(models.resolve("narrow.gguf"));
        long budget = (long) (0.004 * (1L << 30));
        try (ImageServer s = ImageServer.start(models, "--kv-budget-gb", "0.004")) {
            s.load("0", "wide.gguf");
            JsonObject f16 = s.getJson("/v1/internal/model/info/wide.gguf");
            assertThat(f16.getString("kv_cache_type"), is("f16"));
            assertThat(f16.getInt("context_length"), is((int) (budget / 512)));
            s.postJson("/v1/internal/model/unload", "", "X-Model-Id", "0");

            s.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"wide.gguf\", \"kv_cache_type\": \"q8_0\"}",
                    "X-Model-Id", "0");
            JsonObject q8 = s.getJson("/v1/internal/model/info/wide.gguf");
            assertThat(q8.getString("kv_cache_type"), is("q8_0"));
            assertThat(q8.getInt("context_length"), is((int) (budget / 272))); // 34 bytes per 32 values
            var text = s.post("/v1/completions", "{\"prompt\": \"the quantized cache\", \"max_tokens\": 16}");
            assertThat(text.body(), text.status(), is(200)); // real llama.cpp decoding through a q8_0 cache
            s.postJson("/v1/internal/model/unload", "", "X-Model-Id", "0");

            var narrow = s.post("/v1/internal/model/load", "{\"llm_model_name\": \"narrow.gguf\", \"kv_cache_type\": \"q4_0\"}",
                    "X-Model-Id", "0");
            assertThat(narrow.body(), narrow.status(), is(400));
            assertThat(ImageServer.json(narrow.body()).getJsonObject("error").getString("param"), is("kv_cache_type"));
            var bogus = s.post("/v1/internal/model/load", "{\"llm_model_name\": \"wide.gguf\", \"kv_cache_type\": \"q5\"}",
                    "X-Model-Id", "0");
            assertThat(bogus.status(), is(400));
        }
        try (ImageServer s = ImageServer.start(models, "--kv-cache-type", "q8_0")) {
            s.load("0", "wide.gguf");
            assertThat(s.getJson("/v1/internal/model/info/wide.gguf").getString("kv_cache_type"), is("q8_0"));
            s.load("1", "narrow.gguf"); // the server's default does not fit this head size: f16, not a refusal
            assertThat(s.getJson("/v1/internal/model/info/narrow.gguf").getString("kv_cache_type"), is("f16"));
        }
    }

    @Test
    void theHostOfALongContextModelHoldsOnlyWhatTheBudgetAllows() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(Path.of("/proc/self")), "reads /proc");
        TinyLlamaConfig c = TinyLlamaConfig.standard(7);
        // 512 bytes of F16 KV per token: the whole 131,072-token context takes 64 MiB
        Path file = TinyGguf.standard(7).withConfig(new TinyLlamaConfig(c.seed(), c.vocabSize(), 64, c.layers(), 2, 2,
                c.intermediateSize(), 131_072, c.rmsNormEps(), c.ropeTheta(), c.tieEmbeddings()))
                .writeTo(models.resolve("long-wide.gguf"));
        long budget = 8L << 20;
        try (ImageServer s = ImageServer.start(models, "--kv-budget-gb", Double.toString(budget / (double) (1L << 30)))) {
            s.load("0", "long-wide.gguf");
            long auto = hostRssKb(s);
            s.postJson("/v1/internal/model/unload", "", "X-Model-Id", "0");
            s.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"long-wide.gguf\", \"context_length\": 131072}",
                    "X-Model-Id", "0");
            long full = hostRssKb(s);
            System.err.println("host RSS: " + auto + " kB with the automatic context, " + full + " kB with 131,072 tokens");
            // the full context's 64 MiB of KV cache, less the 8 MiB budget, is what the automatic context saves
            assertThat(full - auto > 40_000, is(true));
            long fixedOverheadKb = 400_000; // a host JVM with the engine, before any model
            assertThat(auto < java.nio.file.Files.size(file) / 1024 + budget / 1024 + fixedOverheadKb, is(true));
        }
    }

    private static long hostRssKb(ImageServer s) throws java.io.IOException {
        long pid = s.hosts().getFirst().pid();
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS for host " + pid);
    }
}
