package dev.mlxgguf.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Deterministic weights of a tiny llama model in the Hugging Face / MLX canonical layout, independent of
 * any file format: Hugging Face tensor names ({@code model.layers.0.self_attn.q_proj.weight}), PyTorch
 * {@code [out, in]} shapes and the rotate-half RoPE layout of Q and K. Writers convert from here (the GGUF
 * writer permutes Q/K and renames; an MLX writer can write them as they are), so every format carries the
 * same model.
 *
 * <p>Values: norm weights are 1; every other tensor is N(0, 0.05), drawn with Box-Muller from a
 * {@link SplittableRandom} seeded per tensor with {@code seed} mixed with the FNV-1a hash of the tensor
 * name (so a tensor's values do not depend on the other tensors). Immutable and thread-safe.
 */
public final class TinyLlamaWeights {

    /** Standard deviation of the random weights. */
    public static final double STD = 0.05;

    private final TinyLlamaConfig config;
    private final Map<String, WeightTensor> tensors;

    private TinyLlamaWeights(TinyLlamaConfig config, Map<String, WeightTensor> tensors) {
        this.config = config;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Generates the weights for a configuration.
     *
     * @param config the model shape and seed
     * @return the weights
     */
    public static TinyLlamaWeights generate(TinyLlamaConfig config) {
        int h = config.hiddenSize();
        int hd = config.headDim();
        int q = config.heads() * hd;
        int kv = config.kvHeads() * hd;
        int ffn = config.intermediateSize();
        Map<String, WeightTensor> t = new LinkedHashMap<>();
        add(t, config, "model.embed_tokens.weight", false, config.vocabSize(), h);
        for (int i = 0; i < config.layers(); i++) {
            String p = "model.layers." + i + ".";
            add(t, config, p + "input_layernorm.weight", true, h);
            add(t, config, p + "self_attn.q_proj.weight", false, q, h);
            add(t, config, p + "self_attn.k_proj.weight", false, kv, h);
            add(t, config, p + "self_attn.v_proj.weight", false, kv, h);
            add(t, config, p + "self_attn.o_proj.weight", false, h, q);
            add(t, config, p + "post_attention_layernorm.weight", true, h);
            add(t, config, p + "mlp.gate_proj.weight", false, ffn, h);
            add(t, config, p + "mlp.up_proj.weight", false, ffn, h);
            add(t, config, p + "mlp.down_proj.weight", false, h, ffn);
        }
        add(t, config, "model.norm.weight", true, h);
        if (!config.tieEmbeddings()) {
            add(t, config, "lm_head.weight", false, config.vocabSize(), h);
        }
        return new TinyLlamaWeights(config, t);
    }

    /** {@return the configuration} */
    public TinyLlamaConfig config() {
        return config;
    }

    /** {@return all tensors in canonical order (embedding, blocks, final norm, lm_head)} */
    public List<WeightTensor> tensors() {
        return new ArrayList<>(tensors.values());
    }

    /** {@return the tensor names in canonical order} */
    public List<String> names() {
        return List.copyOf(tensors.keySet());
    }

    /**
     * Looks a tensor up.
     *
     * @param name a Hugging Face tensor name
     * @return the tensor
     * @throws NoSuchElementException if there is none
     */
    public WeightTensor get(String name) {
        WeightTensor w = tensors.get(name);
        if (w == null) {
            throw new NoSuchElementException(name);
        }
        return w;
    }

    /** {@return the total number of parameters} */
    public long parameterCount() {
        long n = 0;
        for (WeightTensor w : tensors.values()) {
            n += w.size();
        }
        return n;
    }

    private static void add(Map<String, WeightTensor> t, TinyLlamaConfig config, String name, boolean norm,
                            int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        if (norm) {
            Arrays.fill(v, 1f);
        } else {
            SplittableRandom rnd = new SplittableRandom(config.seed() ^ fnv1a64(name));
            for (int i = 0; i < n; i += 2) {
                double u1 = 1.0 - rnd.nextDouble();
                double u2 = rnd.nextDouble();
                double r = Math.sqrt(-2.0 * Math.log(u1)) * STD;
                v[i] = (float) (r * Math.cos(2 * Math.PI * u2));
                if (i + 1 < n) {
                    v[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2));
                }
            }
        }
        t.put(name, new WeightTensor(name, shape, v));
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
