package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

/**
 * {@code qwen3}: Llama-like with an RMSNorm over each query and key head before RoPE, no q/k/v biases.
 *
 * @param shape         sizes
 * @param ropeTheta     {@code rope_theta} (default 1e6)
 * @param ropeScaling   {@code rope_scaling}
 * @param attentionBias {@code attention_bias}
 */
public record Qwen3Config(BaseShape shape, double ropeTheta, RopeScaling ropeScaling, boolean attentionBias)
        implements ArchConfig {

    static Qwen3Config read(Metadata c) {
        BaseShape shape = BaseShape.read(c, 1e-6, 40960);
        return new Qwen3Config(shape, c.number("rope_theta").orElse(1_000_000), RopeScaling.read(c, shape.maxPositions()),
                c.bool("attention_bias").orElse(false));
    }

    @Override
    public String modelType() {
        return "qwen3";
    }

    @Override
    public ForwardSpec forwardSpec() {
        Rope rope = Rope.of(shape.headDim(), ropeTheta, ropeScaling, shape.maxPositions(), false);
        ForwardSpec s = ForwardSpec.llamaLike(modelType(), shape, ArchConfig.uniformLayers(shape, rope));
        return new ForwardSpec(s.architecture(), shape, 0f, true, false, Activation.SILU, 1f, s.attnScale(), 0f, 0f,
                attentionBias, attentionBias, false, false, false, s.layers(), "");
    }
}
