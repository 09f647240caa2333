package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.config.BaseShape;
import dev.mlxgguf.engine.mlx.config.ForwardSpec;
import dev.mlxgguf.engine.mlx.safetensors.TensorStore;
import dev.mlxgguf.engine.mlx.tensor.Matrix;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All weights of a model, as views of the mapped tensors (only norm and bias vectors are copied to the
 * heap), checked against the config. The output projection is {@code lm_head} when present, else the
 * (possibly quantized) embedding ("tied"), mlx_lm's rule.
 *
 * @param spec       the forward-pass settings
 * @param embedding  {@code [vocab, hidden]}
 * @param blocks     the transformer blocks
 * @param finalNorm  {@code model.norm}
 * @param lmHead     the output projection
 * @param tied       whether the output projection is the embedding
 * @param linears    every Linear module by path (for adapters)
 */
public record ModelWeights(ForwardSpec spec, Matrix embedding, List<Block> blocks, float[] finalNorm, LinearGroup lmHead,
                           boolean tied, Map<String, Linear> linears) {

    /** Copies. */
    public ModelWeights {
        blocks = List.copyOf(blocks);
        linears = Collections.unmodifiableMap(linears);
    }

    /**
     * Builds the weights.
     *
     * @param store the tensors
     * @param spec  the forward-pass settings
     * @param quant the quantization settings
     * @return the weights
     * @throws ModelLoadException naming the first missing or mismatched tensor
     */
    public static ModelWeights load(TensorStore store, ForwardSpec spec, QuantConfig quant) {
        BaseShape s = spec.shape();
        MatrixLoader m = new MatrixLoader(store, quant, spec.prefix());
        Map<String, Linear> linears = new LinkedHashMap<>();
        Matrix embedding = m.load("model.embed_tokens", s.vocab(), s.hidden());
        List<Block> blocks = new ArrayList<>();
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        for (int i = 0; i < s.layers(); i++) {
            String p = "model.layers." + i + ".";
            LinearGroup qkv = spec.fusedQkv()
                    ? group(linears, linear(m, p + "self_attn.qkv_proj", q + 2 * kv, s.hidden(), false))
                    : group(linears, linear(m, p + "self_attn.q_proj", q, s.hidden(), spec.qkvBias()),
                            linear(m, p + "self_attn.k_proj", kv, s.hidden(), spec.qkvBias()),
                            linear(m, p + "self_attn.v_proj", kv, s.hidden(), spec.qkvBias()));
            LinearGroup out = group(linears, linear(m, p + "self_attn.o_proj", s.hidden(), q, spec.outBias()));
            LinearGroup gateUp = spec.fusedGateUp()
                    ? group(linears, linear(m, p + "mlp.gate_up_proj", 2 * s.intermediate(), s.hidden(), false))
                    : group(linears, linear(m, p + "mlp.gate_proj", s.intermediate(), s.hidden(), spec.mlpBias()),
                            linear(m, p + "mlp.up_proj", s.intermediate(), s.hidden(), spec.mlpBias()));
            LinearGroup down = group(linears, linear(m, p + "mlp.down_proj", s.hidden(), s.intermediate(), spec.mlpBias()));
            float[] qNorm = spec.qkNorm() ? m.vector(p + "self_attn.q_norm.weight", s.headDim()) : null;
            float[] kNorm = spec.qkNorm() ? m.vector(p + "self_attn.k_norm.weight", s.headDim()) : null;
            float[] preFfn = spec.sandwichNorms() ? m.vector(p + "pre_feedforward_layernorm.weight", s.hidden()) : null;
            float[] postFfn = spec.sandwichNorms() ? m.vector(p + "post_feedforward_layernorm.weight", s.hidden()) : null;
            blocks.add(new Block(spec.layers().get(i), m.vector(p + "input_layernorm.weight", s.hidden()), qkv, out,
                    qNorm, kNorm, m.vector(p + "post_attention_layernorm.weight", s.hidden()), preFfn, postFfn, gateUp, down));
        }
        float[] finalNorm = m.vector("model.norm.weight", s.hidden());
        boolean tied = !m.exists("lm_head");
        Linear head = tied ? new Linear("lm_head", embedding, null) : linear(m, "lm_head", s.vocab(), s.hidden(), false);
        LinearGroup lmHead = tied ? new LinearGroup(List.of(head)) : group(linears, head);
        return new ModelWeights(spec, embedding, blocks, finalNorm, lmHead, tied, linears);
    }

    private static Linear linear(MatrixLoader m, String module, int out, int in, boolean bias) {
        float[] b = bias ? m.vector(module + ".bias", out) : null;
        return new Linear(module, m.load(module, out, in), b);
    }

    private static LinearGroup group(Map<String, Linear> linears, Linear... members) {
        for (Linear l : members) {
            linears.put(l.name(), l);
        }
        return new LinearGroup(List.of(members));
    }

    /** {@return the parameter count (quantized weights count their elements)} */
    public long parameterCount() {
        BaseShape s = spec.shape();
        long n = (long) s.vocab() * s.hidden();
        for (Linear l : linears.values()) {
            n += (long) l.in() * l.out();
        }
        return n;
    }

    /** {@return bytes of weights read per decoded token} */
    public long bytesPerToken() {
        long n = lmHead.members().getFirst().weight().byteSize();
        for (Linear l : linears.values()) {
            if (!l.name().equals("lm_head")) {
                n += l.weight().byteSize();
            }
        }
        return n;
    }
}
