package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TinyLlamaWeightsTest {

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        TinyLlamaWeights a = TinyLlamaWeights.generate(TinyLlamaConfig.standard(1));
        TinyLlamaWeights b = TinyLlamaWeights.generate(TinyLlamaConfig.standard(1));
        TinyLlamaWeights c = TinyLlamaWeights.generate(TinyLlamaConfig.standard(2));
        assertThat(a.tensors(), is(b.tensors()));
        assertNotEquals(a.get("model.embed_tokens.weight"), c.get("model.embed_tokens.weight"));
    }

    @Test
    void shapesFollowTheHuggingFaceLayout() {
        TinyLlamaConfig cfg = TinyLlamaConfig.standard(3);
        TinyLlamaWeights w = TinyLlamaWeights.generate(cfg);
        int v = cfg.vocabSize();
        assertArrayEquals(new int[] {v, 64}, w.get("model.embed_tokens.weight").shape());
        assertArrayEquals(new int[] {64, 64}, w.get("model.layers.1.self_attn.q_proj.weight").shape());
        assertArrayEquals(new int[] {32, 64}, w.get("model.layers.1.self_attn.k_proj.weight").shape());
        assertArrayEquals(new int[] {32, 64}, w.get("model.layers.1.self_attn.v_proj.weight").shape());
        assertArrayEquals(new int[] {64, 64}, w.get("model.layers.1.self_attn.o_proj.weight").shape());
        assertArrayEquals(new int[] {128, 64}, w.get("model.layers.1.mlp.gate_proj.weight").shape());
        assertArrayEquals(new int[] {128, 64}, w.get("model.layers.1.mlp.up_proj.weight").shape());
        assertArrayEquals(new int[] {64, 128}, w.get("model.layers.1.mlp.down_proj.weight").shape());
        assertArrayEquals(new int[] {v, 64}, w.get("lm_head.weight").shape());
        assertThat(w.names().size(), is(1 + 2 * 9 + 1 + 1));
        long expected = 2L * v * 64 + 64 + 2 * (64 * 2 + 64 * 64 * 2 + 32 * 64 * 2 + 3 * 128 * 64);
        assertThat(w.parameterCount(), is(expected));
    }

    @Test
    void normsAreOneAndWeightsAreSmallGaussians() {
        TinyLlamaWeights w = TinyLlamaWeights.generate(TinyLlamaConfig.standard(4));
        for (float f : w.get("model.norm.weight").values()) {
            assertThat(f, is(1f));
        }
        float[] e = w.get("model.embed_tokens.weight").values();
        double sum = 0;
        double sq = 0;
        for (float f : e) {
            sum += f;
            sq += f * f;
        }
        double mean = sum / e.length;
        assertThat(mean, closeTo(0, 0.002));
        assertThat(Math.sqrt(sq / e.length - mean * mean), closeTo(TinyLlamaWeights.STD, 0.002));
    }

    @Test
    void tiedModelsHaveNoLmHead() {
        TinyLlamaWeights w = TinyLlamaWeights.generate(TinyLlamaConfig.standard(5).withTiedEmbeddings(true));
        assertThat(w.names(), not(hasItem("lm_head.weight")));
    }

    @Test
    void configRejectsBadShapes() {
        assertThrows(IllegalArgumentException.class,
                () -> new TinyLlamaConfig(1, 10, 64, 2, 3, 1, 128, 64, 1e-5f, 1e4f, false));
        assertThrows(IllegalArgumentException.class,
                () -> new TinyLlamaConfig(1, 10, 64, 2, 4, 3, 128, 64, 1e-5f, 1e4f, false));
    }
}
