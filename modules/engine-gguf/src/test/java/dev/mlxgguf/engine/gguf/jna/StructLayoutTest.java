package dev.mlxgguf.engine.gguf.jna;

import dev.mlxgguf.ggml.layout.StructLayouts;

import com.sun.jna.Structure;

import org.junit.jupiter.api.Test;


/**
 * JNA layouts equal what gcc 12 computed with {@code offsetof}/{@code sizeof} against llama.h of llama.cpp
 * v0.5.0 on x86-64 (values hard-coded from that run). Re-measure on every bump of the native libraries.
 */
class StructLayoutTest {

    @Test
    void modelParams() {
        check(new LlamaModelParams(), 80,
                "devices=0 tensor_buft_overrides=8 n_gpu_layers=16 split_mode=20 load_mode=24"
                + " lazy_mode=28 main_gpu=32 tensor_split=40 progress_callback=48"
                + " progress_callback_user_data=56 kv_overrides=64 vocab_only=72 check_tensors=73"
                + " use_extra_bufts=74 no_host=75 no_alloc=76 load_mtp=77");
    }

    @Test
    void contextParams() {
        check(new LlamaContextParams(), 160,
                "n_ctx=0 n_batch=4 n_ubatch=8 n_seq_max=12 n_rs_seq=16 n_outputs_max=20"
                + " n_outputs_max_per_seq=24 n_threads=28 n_threads_batch=32 ctx_type=36"
                + " rope_scaling_type=40 pooling_type=44 attention_type=48 flash_attn_type=52"
                + " rope_freq_base=56 rope_freq_scale=60 yarn_ext_factor=64 yarn_attn_factor=68"
                + " yarn_beta_fast=72 yarn_beta_slow=76 yarn_orig_ctx=80 defrag_thold=84 cb_eval=88"
                + " cb_eval_user_data=96 type_k=104 type_v=108 abort_callback=112 abort_callback_data=120"
                + " embeddings=128 offload_kqv=129 no_perf=130 op_offload=131 swa_full=132 kv_unified=133"
                + " samplers=136 n_samplers=144 ctx_other=152");
    }

    @Test
    void batch() {
        check(new LlamaBatch(), 56,
                "n_tokens=0 token=8 embd=16 pos=24 n_seq_id=32 seq_id=40 logits=48");
    }

    @Test
    void smallStructs() {
        check(new LlamaSamplerChainParams(), 1,
                "no_perf=0");
        check(new LlamaChatMessage(), 16,
                "role=0 content=8");
        check(new LlamaLogitBias(), 8,
                "token=0 bias=4");
    }

    private static void check(Structure s, int size, String offsets) {
        StructLayouts.check(s, size, offsets, true);
    }
}
