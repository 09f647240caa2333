package dev.mlxgguf.server.models;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The automatic context: the model's, capped by the KV budget, never below 4,096 (or the model's). */
class ContextSizingTest {

    /** Llama-3.2-1B's shape: 16 layers, 8 KV heads of 64, trained for 131,072 tokens: 32 KiB of F16 KV per token. */
    private static final ModelHeader LLAMA_1B = new ModelHeader("llama", 131_072, 16, 8, 64);

    @Test
    void aLongContextIsCappedByTheBudget() {
        assertThat(LLAMA_1B.kvCacheBytes(1), is(32_768L));
        ContextSizing oneGb = new ContextSizing(0, 1L << 30);
        assertThat(oneGb.choose(0, LLAMA_1B), is(32_768));
        assertThat(new ContextSizing(0, 8L << 30).choose(0, LLAMA_1B), is(131_072));
        assertThat(new ContextSizing(0, 1L << 20).choose(0, LLAMA_1B), is(ContextSizing.MIN_AUTO));
    }

    @Test
    void smallModelsKeepTheirContextAndExplicitSizesWin() {
        ModelHeader small = new ModelHeader("qwen2", 2048, 2, 2, 16);
        assertThat(new ContextSizing(0, 1L).choose(0, small), is(2048));
        assertThat(new ContextSizing(0, 1L << 30).choose(1000, LLAMA_1B), is(1000));
        assertThat(new ContextSizing(8192, 1L << 30).choose(0, LLAMA_1B), is(8192));
        assertThat(new ContextSizing(8192, 1L << 30).choose(512, LLAMA_1B), is(512));
        assertThat(new ContextSizing(0, 1L << 30).choose(0, ModelHeader.UNKNOWN), is(0)); // the engine decides
    }

    @Test
    void aQuantizedCacheFitsMoreTokensInTheSameBudget() {
        ContextSizing oneGb = new ContextSizing(0, 1L << 30);
        assertThat(LLAMA_1B.kvCacheBytes(1024, dev.mlxgguf.api.KvCacheType.Q8_0), is(17_825_792L)); // 34/64 of F16
        assertThat(oneGb.choose(0, LLAMA_1B, dev.mlxgguf.api.KvCacheType.Q8_0), is(61_680));
        assertThat(oneGb.choose(0, LLAMA_1B, dev.mlxgguf.api.KvCacheType.Q4_0), is(116_508));
        assertThat(oneGb.choose(0, LLAMA_1B, dev.mlxgguf.api.KvCacheType.F16), is(oneGb.choose(0, LLAMA_1B)));
    }
}
