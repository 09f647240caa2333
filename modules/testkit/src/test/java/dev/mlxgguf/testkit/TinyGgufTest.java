package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class TinyGgufTest {

    @TempDir
    Path dir;

    @Test
    void writesTheLlamaMetadata() throws Exception {
        Path f = TinyGguf.write(dir, "tiny.gguf", 42);
        GgufTestReader r = new GgufTestReader(f);
        ByteLevelBpe bpe = ByteLevelBpe.standard();
        assertThat(r.kv.get("general.architecture"), is("llama"));
        assertThat(r.kv.get("general.name"), is("tiny-llama"));
        assertThat(r.kv.get("general.file_type"), is(0L));
        assertThat(r.kv.get("llama.context_length"), is(2048L));
        assertThat(r.kv.get("llama.embedding_length"), is(64L));
        assertThat(r.kv.get("llama.block_count"), is(2L));
        assertThat(r.kv.get("llama.feed_forward_length"), is(128L));
        assertThat(r.kv.get("llama.attention.head_count"), is(4L));
        assertThat(r.kv.get("llama.attention.head_count_kv"), is(2L));
        assertThat(r.kv.get("llama.attention.layer_norm_rms_epsilon"), is(1e-5f));
        assertThat(r.kv.get("llama.rope.dimension_count"), is(16L));
        assertThat(r.kv.get("llama.rope.freq_base"), is(10000f));
        assertThat(r.kv.get("llama.vocab_size"), is((long) bpe.size()));
        assertThat(r.kv.get("tokenizer.ggml.model"), is("gpt2"));
        assertThat(r.kv.get("tokenizer.ggml.pre"), is("llama-bpe"));
        assertThat(r.kv.get("tokenizer.ggml.tokens"), is(bpe.tokens()));
        assertThat(r.kv.get("tokenizer.ggml.merges"), is(bpe.merges()));
        assertThat(((List<?>) r.kv.get("tokenizer.ggml.token_type")).get(bpe.imEndId()), is(3));
        assertThat(r.kv.get("tokenizer.ggml.eos_token_id"), is((long) bpe.imEndId()));
        assertThat(r.kv.get("tokenizer.ggml.eot_token_id"), is((long) bpe.imEndId()));
        assertThat(r.kv.get("tokenizer.ggml.bos_token_id"), is((long) bpe.endOfTextId()));
        assertThat(r.kv.get("tokenizer.ggml.add_bos_token"), is(false));
        assertThat(r.kv.get("tokenizer.chat_template"), is(TinyGguf.CHATML_TEMPLATE));
    }

    @Test
    void tensorsAreRenamedReversedAndPermuted() throws Exception {
        TinyGguf model = TinyGguf.standard(9);
        GgufTestReader r = new GgufTestReader(model.writeTo(dir, "m.gguf"));
        TinyLlamaWeights w = model.weights();
        int v = model.config().vocabSize();
        assertThat(r.tensors.size(), is(21));
        assertArrayEquals(new long[] {64, v}, r.tensors.get("token_embd.weight").ne());
        assertArrayEquals(new long[] {64, 32}, r.tensors.get("blk.0.attn_k.weight").ne());
        assertArrayEquals(new long[] {128, 64}, r.tensors.get("blk.1.ffn_down.weight").ne());
        assertArrayEquals(new long[] {64}, r.tensors.get("output_norm.weight").ne());
        assertArrayEquals(w.get("lm_head.weight").values(), r.floats("output.weight"));
        assertArrayEquals(w.get("model.layers.1.mlp.down_proj.weight").values(), r.floats("blk.1.ffn_down.weight"));
        float[] q = w.get("model.layers.0.self_attn.q_proj.weight").values();
        float[] gq = r.floats("blk.0.attn_q.weight");
        // head 1, head_dim 16: HF rows 16+j (first half) and 24+j (second half) become rows 16+2j and 16+2j+1
        for (int j = 0; j < 8; j++) {
            for (int c = 0; c < 64; c++) {
                assertThat(gq[(16 + 2 * j) * 64 + c], is(q[(16 + j) * 64 + c]));
                assertThat(gq[(16 + 2 * j + 1) * 64 + c], is(q[(24 + j) * 64 + c]));
            }
        }
        float[] k = w.get("model.layers.1.self_attn.k_proj.weight").values();
        assertArrayEquals(TinyGguf.permuteForInterleavedRope(k, 64, 2), r.floats("blk.1.attn_k.weight"));
    }

    @Test
    void permutationMatchesConvertHfToGguf() {
        // rows [h0: a0 a1 b0 b1 | h1: c0 c1 d0 d1] (head_dim 4, one column) -> [a0 b0 a1 b1 | c0 d0 c1 d1]
        float[] w = {0, 1, 2, 3, 4, 5, 6, 7};
        assertArrayEquals(new float[] {0, 2, 1, 3, 4, 6, 5, 7}, TinyGguf.permuteForInterleavedRope(w, 1, 2));
    }

    @Test
    void quantizedFilesKeepNormsInF32() throws Exception {
        TinyGguf q8 = TinyGguf.standard(9).withWeightType(GgmlType.Q8_0);
        GgufTestReader r = new GgufTestReader(q8.writeTo(dir, "q8.gguf"));
        assertThat(r.kv.get("general.file_type"), is(7L));
        assertThat(r.tensors.get("blk.0.attn_norm.weight").type(), is(0));
        assertThat(r.tensors.get("blk.0.ffn_up.weight").type(), is(8));
        float[] exact = q8.weights().get("model.layers.0.mlp.up_proj.weight").values();
        float[] back = r.floats("blk.0.ffn_up.weight");
        for (int i = 0; i < exact.length; i++) {
            assertThat(Math.abs(exact[i] - back[i]), is(lessThan(0.002f)));
        }
        GgufTestReader f16 = new GgufTestReader(q8.withWeightType(GgmlType.F16).writeTo(dir, "f16.gguf"));
        assertThat(f16.kv.get("general.file_type"), is(1L));
        assertThat(f16.tensors.get("output.weight").type(), is(1));
    }

    @Test
    void tiedModelsOmitTheOutputAndTemplateCanBeDropped() throws Exception {
        TinyGguf tied = TinyGguf.standard(1).withConfig(TinyLlamaConfig.standard(1).withTiedEmbeddings(true))
                .withChatTemplate(null);
        GgufTestReader r = new GgufTestReader(tied.writeTo(dir, "tied.gguf"));
        assertThat(r.tensors, not(hasKey("output.weight")));
        assertThat(r.kv, not(hasKey("tokenizer.chat_template")));
    }
}
