package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

/**
 * {@code qwen2}: Llama-like with biases on q/k/v. mlx_lm applies no sliding window.
 *
 * @param shape           sizes
 * @param ropeTheta       {@code rope_theta} (default 1e6)
 * @param ropeScaling     {@code rope_scaling}
 * @param ropeTraditional {@code rope_traditional}
 */
public record Qwen2Config(BaseShape shape, double ropeTheta, RopeScaling ropeScaling, boolean ropeTraditional)
        implements ArchConfig {

    static Qwen2Config read(Metadata c) {
        BaseShape shape = BaseShape.read(c, 1e-6, 32768);
        return new Qwen2Config(shape, c.number("rope_theta").orElse(1_000_000), RopeScaling.read(c, shape.maxPositions()),
                c.bool("rope_traditional").orElse(false));
    }

    @Override
    public String modelType() {
        return "qwen2";
    }

    @Override
    public ForwardSpec forwardSpec() {
        Rope rope = Rope.of(shape.headDim(), ropeTheta, ropeScaling, shape.maxPositions(), ropeTraditional);
        ForwardSpec s = ForwardSpec.llamaLike(modelType(), shape, ArchConfig.uniformLayers(shape, rope));
        return new ForwardSpec(s.architecture(), shape, 0f, false, false, Activation.SILU, 1f, s.attnScale(), 0f, 0f,
                true, false, false, false, false, s.layers(), "");
    }
}
