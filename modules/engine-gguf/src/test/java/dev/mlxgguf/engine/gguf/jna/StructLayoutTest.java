package dev.mlxgguf.engine.gguf.jna;

import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * JNA layouts equal what gcc 12 computed with {@code offsetof}/{@code sizeof} against llama.h of llama.cpp
 * v0.5.0 on x86-64 (values hard-coded from that run). Re-measure on every bump of the native libraries.
 */
class StructLayoutTest {

    @Test
    void modelParams() {
        check(new LlamaModelParams(), 80, Map.ofEntries(
                Map.entry("devices", 0), Map.entry("tensor_buft_overrides", 8), Map.entry("n_gpu_layers", 16),
                Map.entry("split_mode", 20), Map.entry("load_mode", 24), Map.entry("lazy_mode", 28),
                Map.entry("main_gpu", 32), Map.entry("tensor_split", 40), Map.entry("progress_callback", 48),
                Map.entry("progress_callback_user_data", 56), Map.entry("kv_overrides", 64),
                Map.entry("vocab_only", 72), Map.entry("check_tensors", 73), Map.entry("use_extra_bufts", 74),
                Map.entry("no_host", 75), Map.entry("no_alloc", 76), Map.entry("load_mtp", 77)));
    }

    @Test
    void contextParams() {
        check(new LlamaContextParams(), 160, Map.ofEntries(
                Map.entry("n_ctx", 0), Map.entry("n_batch", 4), Map.entry("n_ubatch", 8), Map.entry("n_seq_max", 12),
                Map.entry("n_rs_seq", 16), Map.entry("n_outputs_max", 20), Map.entry("n_outputs_max_per_seq", 24),
                Map.entry("n_threads", 28), Map.entry("n_threads_batch", 32), Map.entry("ctx_type", 36),
                Map.entry("rope_scaling_type", 40), Map.entry("pooling_type", 44), Map.entry("attention_type", 48),
                Map.entry("flash_attn_type", 52), Map.entry("rope_freq_base", 56), Map.entry("rope_freq_scale", 60),
                Map.entry("yarn_ext_factor", 64), Map.entry("yarn_attn_factor", 68), Map.entry("yarn_beta_fast", 72),
                Map.entry("yarn_beta_slow", 76), Map.entry("yarn_orig_ctx", 80), Map.entry("defrag_thold", 84),
                Map.entry("cb_eval", 88), Map.entry("cb_eval_user_data", 96), Map.entry("type_k", 104),
                Map.entry("type_v", 108), Map.entry("abort_callback", 112), Map.entry("abort_callback_data", 120),
                Map.entry("embeddings", 128), Map.entry("offload_kqv", 129), Map.entry("no_perf", 130),
                Map.entry("op_offload", 131), Map.entry("swa_full", 132), Map.entry("kv_unified", 133),
                Map.entry("samplers", 136), Map.entry("n_samplers", 144), Map.entry("ctx_other", 152)));
    }

    @Test
    void batch() {
        check(new LlamaBatch(), 56, Map.of("n_tokens", 0, "token", 8, "embd", 16, "pos", 24, "n_seq_id", 32,
                "seq_id", 40, "logits", 48));
    }

    @Test
    void smallStructs() {
        check(new LlamaSamplerChainParams(), 1, Map.of("no_perf", 0));
        check(new LlamaChatMessage(), 16, Map.of("role", 0, "content", 8));
        check(new LlamaLogitBias(), 8, Map.of("token", 0, "bias", 4));
    }

    private static void check(Structure s, int size, Map<String, Integer> offsets) {
        assertThat(s.getClass().getSimpleName() + " size", s.size(), is(size));
        assertThat(s.getClass().getSimpleName() + " field count", Layout.fieldCount(s), is(offsets.size()));
        offsets.forEach((field, offset) ->
                assertThat(s.getClass().getSimpleName() + "." + field, Layout.offset(s, field), is(offset)));
    }

    /** Reaches JNA's protected {@code fieldOffset} and {@code getFieldOrder}. */
    private static final class Layout {
        static int offset(Structure s, String field) {
            try {
                var m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
                m.setAccessible(true);
                return (int) m.invoke(s, field);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }

        static int fieldCount(Structure s) {
            try {
                var m = Structure.class.getDeclaredMethod("getFieldOrder");
                m.setAccessible(true);
                return ((java.util.List<?>) m.invoke(s)).size();
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
    }
}
