package dev.mlxgguf.engine.mlx.config;

import java.util.List;
import java.util.Objects;

/**
 * Everything the forward pass needs to know about an architecture, derived from its typed config: one
 * generic decoder-only transformer covers every supported family through these switches.
 *
 * @param architecture  the {@code model_type}
 * @param shape         the sizes
 * @param normOffset    added to every RMSNorm weight (1 for Gemma's {@code (1 + w)}, else 0)
 * @param qkNorm        RMSNorm of each query and key head before RoPE (Qwen3, Gemma3)
 * @param sandwichNorms Gemma's extra norms after attention and around the MLP
 * @param activation    the MLP gate activation
 * @param embedScale    factor applied to embeddings after lookup (Gemma: sqrt(hidden))
 * @param attnScale     factor applied to query-key scores
 * @param attnSoftcap   {@code s -> c*tanh(s/c)} on attention scores; 0 = none
 * @param finalSoftcap  the same on the final logits; 0 = none
 * @param qkvBias       q/k/v projections carry a bias
 * @param outBias       the attention output projection carries a bias
 * @param mlpBias       the MLP projections carry biases
 * @param fusedQkv      one {@code qkv_proj} instead of q/k/v (Phi-3)
 * @param fusedGateUp   one {@code gate_up_proj} instead of gate/up (Phi-3)
 * @param layers        per-block attention settings
 * @param prefix        tensor-name prefix ({@code language_model.} for multimodal Gemma 3 folders)
 */
public record ForwardSpec(String architecture, BaseShape shape, float normOffset, boolean qkNorm, boolean sandwichNorms,
                          Activation activation, float embedScale, float attnScale, float attnSoftcap, float finalSoftcap,
                          boolean qkvBias, boolean outBias, boolean mlpBias, boolean fusedQkv, boolean fusedGateUp,
                          List<LayerSpec> layers, String prefix) {

    /** Validates and copies. */
    public ForwardSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(prefix, "prefix");
        layers = List.copyOf(layers);
        if (layers.size() != shape.layers()) {
            throw new IllegalArgumentException("one LayerSpec per layer");
        }
    }

    /**
     * Plain Llama-style defaults (pre-norm, SiLU, no biases, no caps), to be adjusted per family.
     *
     * @param architecture the model type
     * @param shape        the sizes
     * @param layers       per-block settings
     * @return a builder-like record to refine with the {@code with*} methods of the families
     */
    static ForwardSpec llamaLike(String architecture, BaseShape shape, List<LayerSpec> layers) {
        return new ForwardSpec(architecture, shape, 0f, false, false, Activation.SILU, 1f,
                (float) (1.0 / Math.sqrt(shape.headDim())), 0f, 0f, false, false, false, false, false, layers, "");
    }
}
