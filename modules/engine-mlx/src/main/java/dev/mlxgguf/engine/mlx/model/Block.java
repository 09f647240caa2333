package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.engine.mlx.config.LayerSpec;

/**
 * The weights of one transformer block. Norm weights are raw (the {@code (1 + w)} offset of Gemma is applied
 * when normalizing).
 *
 * @param spec        attention settings (window, RoPE)
 * @param inputNorm   {@code input_layernorm}
 * @param qkv         q, k, v projections (or the fused {@code qkv_proj}), output {@code [q | k | v]}
 * @param out         {@code o_proj}
 * @param qNorm       per-head query norm, or null
 * @param kNorm       per-head key norm, or null
 * @param postAttn    {@code post_attention_layernorm}: the pre-MLP norm, or Gemma's norm of the attention output
 * @param preFfn      Gemma's {@code pre_feedforward_layernorm}, or null
 * @param postFfn     Gemma's {@code post_feedforward_layernorm}, or null
 * @param gateUp      gate and up projections (or {@code gate_up_proj}), output {@code [gate | up]}
 * @param down        {@code down_proj}
 */
record Block(LayerSpec spec, float[] inputNorm, LinearGroup qkv, LinearGroup out, float[] qNorm, float[] kNorm,
             float[] postAttn, float[] preFfn, float[] postFfn, LinearGroup gateUp, LinearGroup down) {
}
