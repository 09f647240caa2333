package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code llama} and {@code mistral} (mlx_lm's Llama module).
 *
 * @param modelType       {@code llama} or {@code mistral}
 * @param shape           sizes
 * @param ropeTheta       {@code rope_theta} (default 10000)
 * @param ropeScaling     {@code rope_scaling}, incl. {@code llama3}
 * @param ropeTraditional {@code rope_traditional}
 * @param attentionBias   {@code attention_bias}: q/k/v/o carry biases
 * @param mlpBias         {@code mlp_bias}
 * @param layerTypes      {@code layer_types} ({@code sliding_attention} layers use {@code slidingWindow})
 * @param slidingWindow   {@code sliding_window}, used only for {@code sliding_attention} layers as mlx_lm does
 */
public record LlamaConfig(String modelType, BaseShape shape, double ropeTheta, RopeScaling ropeScaling,
                          boolean ropeTraditional, boolean attentionBias, boolean mlpBias, List<String> layerTypes,
                          int slidingWindow) implements ArchConfig {

    /** Copies. */
    public LlamaConfig {
        layerTypes = List.copyOf(layerTypes);
    }

    static LlamaConfig read(String type, Metadata c) {
        BaseShape shape = BaseShape.read(c, 1e-6, 2048);
        List<String> layerTypes = new ArrayList<>();
        c.array("layer_types").ifPresent(l -> l.forEach(v -> layerTypes.add(String.valueOf(v))));
        return new LlamaConfig(type, shape, c.number("rope_theta").orElse(10000), RopeScaling.read(c, shape.maxPositions()),
                c.bool("rope_traditional").orElse(false), c.bool("attention_bias").orElse(false),
                c.bool("mlp_bias").orElse(false), layerTypes, c.integer("sliding_window").orElse(0));
    }

    @Override
    public ForwardSpec forwardSpec() {
        Rope rope = Rope.of(shape.headDim(), ropeTheta, ropeScaling, shape.maxPositions(), ropeTraditional);
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < shape.layers(); i++) {
            boolean sliding = i < layerTypes.size() && layerTypes.get(i).equals("sliding_attention") && slidingWindow > 0;
            layers.add(new LayerSpec(sliding ? slidingWindow : 0, rope));
        }
        ForwardSpec s = ForwardSpec.llamaLike(modelType, shape, layers);
        return new ForwardSpec(s.architecture(), shape, 0f, false, false, Activation.SILU, 1f, s.attnScale(), 0f, 0f,
                attentionBias, attentionBias, mlpBias, false, false, layers, "");
    }
}
