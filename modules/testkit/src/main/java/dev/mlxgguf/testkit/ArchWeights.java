package dev.mlxgguf.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Deterministic weights of a {@link TinyArchModel} in the Hugging Face / MLX layout: Hugging Face tensor
 * names, {@code [out, in]} shapes, rotate-half RoPE layout. Projections and embeddings are N(0, 0.05); biases
 * N(0, 0.05); norm weights are {@code 1 + N(0, 0.1)}, except Gemma's, stored raw as N(0, 0.1) (applied as
 * {@code 1 + w}). Each tensor's values come from a generator seeded with the model seed mixed with the
 * tensor name. With {@code bf16Exact}, every value is rounded to bfloat16. Immutable.
 */
public final class ArchWeights {

    private final TinyArchModel model;
    private final Map<String, WeightTensor> tensors;

    private ArchWeights(TinyArchModel model, Map<String, WeightTensor> tensors) {
        this.model = model;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    static ArchWeights generate(TinyArchModel m) {
        TinyLlamaConfig c = m.shape();
        TinyArch a = m.arch();
        int h = c.hiddenSize();
        int ffn = c.intermediateSize();
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        Gen g = new Gen(m, t);
        g.matrix("model.embed_tokens.weight", c.vocabSize(), h);
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            g.norm(p + "input_layernorm.weight", h);
            if (a == TinyArch.PHI3) {
                g.matrix(p + "self_attn.qkv_proj.weight", m.qDim() + 2 * m.kvDim(), h);
            } else {
                g.matrix(p + "self_attn.q_proj.weight", m.qDim(), h);
                g.matrix(p + "self_attn.k_proj.weight", m.kvDim(), h);
                g.matrix(p + "self_attn.v_proj.weight", m.kvDim(), h);
                if (a == TinyArch.QWEN2) {
                    g.matrix(p + "self_attn.q_proj.bias", m.qDim());
                    g.matrix(p + "self_attn.k_proj.bias", m.kvDim());
                    g.matrix(p + "self_attn.v_proj.bias", m.kvDim());
                }
            }
            g.matrix(p + "self_attn.o_proj.weight", h, m.qDim());
            if (a == TinyArch.QWEN3 || a == TinyArch.GEMMA3) {
                g.norm(p + "self_attn.q_norm.weight", m.headDim());
                g.norm(p + "self_attn.k_norm.weight", m.headDim());
            }
            g.norm(p + "post_attention_layernorm.weight", h);
            if (a.gemma()) {
                g.norm(p + "pre_feedforward_layernorm.weight", h);
                g.norm(p + "post_feedforward_layernorm.weight", h);
            }
            if (a == TinyArch.PHI3) {
                g.matrix(p + "mlp.gate_up_proj.weight", 2 * ffn, h);
            } else {
                g.matrix(p + "mlp.gate_proj.weight", ffn, h);
                g.matrix(p + "mlp.up_proj.weight", ffn, h);
            }
            g.matrix(p + "mlp.down_proj.weight", h, ffn);
        }
        g.norm("model.norm.weight", h);
        if (!c.tieEmbeddings()) {
            g.matrix("lm_head.weight", c.vocabSize(), h);
        }
        return new ArchWeights(m, t);
    }

    /** {@return the model} */
    public TinyArchModel model() {
        return model;
    }

    /** {@return all tensors in canonical order} */
    public List<WeightTensor> tensors() {
        return new ArrayList<>(tensors.values());
    }

    /**
     * @param name a Hugging Face tensor name
     * @return the tensor
     * @throws NoSuchElementException if absent
     */
    public WeightTensor get(String name) {
        WeightTensor w = tensors.get(name);
        if (w == null) {
            throw new NoSuchElementException(name);
        }
        return w;
    }

    /**
     * @param name a tensor name
     * @return whether it exists
     */
    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * A copy with some tensors replaced (e.g. dequantized or LoRA-fused weights).
     *
     * @param replacements name to new values (same shapes)
     * @return the copy
     */
    public ArchWeights with(Map<String, float[]> replacements) {
        Map<String, WeightTensor> t = new LinkedHashMap<>(tensors);
        replacements.forEach((n, v) -> t.put(n, new WeightTensor(n, get(n).shape(), v)));
        return new ArchWeights(model, t);
    }

    /** Draws tensors. */
    private record Gen(TinyArchModel m, Map<String, WeightTensor> out) {
        void matrix(String name, int... shape) {
            put(name, shape, 0f, 0.05);
        }

        void norm(String name, int n) {
            put(name, new int[] {n}, m.arch().gemma() ? 0f : 1f, 0.1);
        }

        private void put(String name, int[] shape, float mean, double std) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] v = new float[n];
            SplittableRandom rnd = new SplittableRandom(m.shape().seed() ^ fnv1a64(name));
            for (int i = 0; i < n; i += 2) {
                double u1 = 1.0 - rnd.nextDouble();
                double u2 = rnd.nextDouble();
                double r = Math.sqrt(-2.0 * Math.log(u1)) * std;
                v[i] = mean + (float) (r * Math.cos(2 * Math.PI * u2));
                if (i + 1 < n) {
                    v[i + 1] = mean + (float) (r * Math.sin(2 * Math.PI * u2));
                }
            }
            if (m.bf16Exact()) {
                for (int i = 0; i < n; i++) {
                    v[i] = Bf16.round(v[i]);
                }
            }
            out.put(name, new WeightTensor(name, shape, v));
        }
    }

    private static long fnv1a64(String s) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
