package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code gemma3} / {@code gemma3_text}: Gemma 2's block plus {@code (1 + w)} q/k norms and a sliding window
 * as mlx_lm applies it: block i is global iff {@code i % pattern == pattern - 1}; local blocks attend over
 * {@code sliding_window} tokens with RoPE base {@code rope_local_base_freq} and no scaling, global blocks
 * use {@code rope_theta} and {@code rope_scaling}. The embedding scale sqrt(hidden) is rounded to bfloat16
 * first, as mlx_lm does. No soft-capping (mlx_lm's Gemma 3 implements none).
 *
 * @param shape              sizes
 * @param ropeTheta          {@code rope_theta} (default 1e6)
 * @param ropeLocalBase      {@code rope_local_base_freq} (default 10000)
 * @param ropeScaling        {@code rope_scaling} of the global layers
 * @param queryPreAttnScalar {@code query_pre_attn_scalar}
 * @param slidingWindow      {@code sliding_window}
 * @param pattern            {@code sliding_window_pattern} (default 6)
 * @param multimodal         whether the weights sit under {@code language_model.}
 */
public record Gemma3Config(BaseShape shape, double ropeTheta, double ropeLocalBase, RopeScaling ropeScaling,
                           double queryPreAttnScalar, int slidingWindow, int pattern, boolean multimodal)
        implements ArchConfig {

    static Gemma3Config read(String type, Metadata config) {
        boolean multimodal = type.equals("gemma3") && config.has("text_config");
        Metadata c = multimodal ? config.requireObject("text_config") : config;
        BaseShape shape = new BaseShape(c.requireInt("hidden_size"), c.requireInt("num_hidden_layers"),
                c.requireInt("num_attention_heads"), c.integer("num_key_value_heads").orElse(c.requireInt("num_attention_heads")),
                c.integer("head_dim").orElse(256), c.requireInt("intermediate_size"),
                c.integer("vocab_size").orElse(262208), c.number("rms_norm_eps").orElse(1e-6),
                c.integer("max_position_embeddings").orElse(131072));
        return new Gemma3Config(shape, c.number("rope_theta").orElse(1_000_000), c.number("rope_local_base_freq").orElse(10000),
                RopeScaling.read(c, shape.maxPositions()), c.number("query_pre_attn_scalar").orElse(shape.headDim()),
                c.integer("sliding_window").orElse(512), c.integer("sliding_window_pattern").orElse(6), multimodal);
    }

    @Override
    public String modelType() {
        return "gemma3";
    }

    @Override
    public ForwardSpec forwardSpec() {
        Rope global = Rope.of(shape.headDim(), ropeTheta, ropeScaling, shape.maxPositions(), false);
        Rope local = Rope.of(shape.headDim(), ropeLocalBase, new RopeScaling.None(), shape.maxPositions(), false);
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < shape.layers(); i++) {
            boolean isGlobal = pattern <= 0 || i % pattern == pattern - 1;
            layers.add(isGlobal ? new LayerSpec(0, global) : new LayerSpec(slidingWindow, local));
        }
        float scale = roundToBf16((float) Math.sqrt(shape.hidden()));
        return new ForwardSpec(modelType(), shape, 1f, true, true, Activation.GELU_TANH, scale,
                (float) (1.0 / Math.sqrt(queryPreAttnScalar)), 0f, 0f, false, false, false, false, false, layers,
                multimodal ? "language_model." : "");
    }

    private static float roundToBf16(float v) {
        int bits = Float.floatToRawIntBits(v);
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xFFFF0000);
    }
}
