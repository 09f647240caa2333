package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

/**
 * {@code gemma2}: sandwich norms with {@code (1 + w)} weights, tanh-GELU MLP, embeddings scaled by
 * sqrt(hidden), attention scale {@code query_pre_attn_scalar^-0.5}, soft-capped attention scores and final
 * logits. As in mlx_lm, no sliding window (full attention on every layer). Always tied.
 *
 * @param shape              sizes
 * @param ropeTheta          {@code rope_theta}
 * @param ropeTraditional    {@code rope_traditional}
 * @param queryPreAttnScalar {@code query_pre_attn_scalar}
 * @param attnSoftcap        {@code attn_logit_softcapping} (0 = none)
 * @param finalSoftcap       {@code final_logit_softcapping} (0 = none)
 */
public record Gemma2Config(BaseShape shape, double ropeTheta, boolean ropeTraditional, double queryPreAttnScalar,
                           double attnSoftcap, double finalSoftcap) implements ArchConfig {

    static Gemma2Config read(Metadata c) {
        BaseShape shape = BaseShape.read(c, 1e-6, 8192);
        return new Gemma2Config(shape, c.number("rope_theta").orElse(10000), c.bool("rope_traditional").orElse(false),
                c.number("query_pre_attn_scalar").orElse(shape.headDim()), c.number("attn_logit_softcapping").orElse(0),
                c.number("final_logit_softcapping").orElse(0));
    }

    @Override
    public String modelType() {
        return "gemma2";
    }

    @Override
    public ForwardSpec forwardSpec() {
        Rope rope = Rope.of(shape.headDim(), ropeTheta, new RopeScaling.None(), shape.maxPositions(), ropeTraditional);
        return new ForwardSpec(modelType(), shape, 1f, false, true, Activation.GELU_TANH, (float) Math.sqrt(shape.hidden()),
                (float) (1.0 / Math.sqrt(queryPreAttnScalar)), (float) attnSoftcap, (float) finalSoftcap,
                false, false, false, false, false, ArchConfig.uniformLayers(shape, rope), "");
    }
}
