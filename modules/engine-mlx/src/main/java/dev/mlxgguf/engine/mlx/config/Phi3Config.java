package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

/**
 * {@code phi3}: fused {@code qkv_proj} (rows Q, K, V) and {@code gate_up_proj} (gate rows, then up rows),
 * partial rotary ({@code partial_rotary_factor}), LongRoPE with the long factors as mlx_lm applies it. No
 * sliding window (mlx_lm applies none).
 *
 * @param shape               sizes
 * @param ropeTheta           {@code rope_theta}
 * @param ropeScaling         {@code rope_scaling}
 * @param partialRotaryFactor {@code partial_rotary_factor} (default 1)
 */
public record Phi3Config(BaseShape shape, double ropeTheta, RopeScaling ropeScaling, double partialRotaryFactor)
        implements ArchConfig {

    static Phi3Config read(Metadata c) {
        BaseShape shape = BaseShape.read(c, 1e-5, 4096);
        return new Phi3Config(shape, c.number("rope_theta").orElse(10000), RopeScaling.read(c, shape.maxPositions()),
                c.number("partial_rotary_factor").orElse(1.0));
    }

    @Override
    public String modelType() {
        return "phi3";
    }

    @Override
    public ForwardSpec forwardSpec() {
        int dims = (int) (shape.headDim() * partialRotaryFactor);
        Rope rope = Rope.of(dims, ropeTheta, ropeScaling, shape.maxPositions(), false);
        ForwardSpec s = ForwardSpec.llamaLike(modelType(), shape, ArchConfig.uniformLayers(shape, rope));
        return new ForwardSpec(s.architecture(), shape, 0f, false, false, Activation.SILU, 1f, s.attnScale(), 0f, 0f,
                false, false, false, true, true, s.layers(), "");
    }
}
