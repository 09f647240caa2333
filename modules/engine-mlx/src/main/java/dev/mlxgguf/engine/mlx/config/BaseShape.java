package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

/**
 * The sizes every supported transformer shares, read from {@code config.json}.
 *
 * @param hidden        {@code hidden_size}
 * @param layers        {@code num_hidden_layers}
 * @param heads         {@code num_attention_heads}
 * @param kvHeads       {@code num_key_value_heads} (defaults to {@code heads})
 * @param headDim       {@code head_dim} (defaults to {@code hidden / heads})
 * @param intermediate  {@code intermediate_size}
 * @param vocab         {@code vocab_size}
 * @param rmsEps        {@code rms_norm_eps}
 * @param maxPositions  {@code max_position_embeddings}
 */
public record BaseShape(int hidden, int layers, int heads, int kvHeads, int headDim, int intermediate, int vocab,
                        double rmsEps, int maxPositions) {

    /** Checks the components: a null or out-of-range one throws. */
    public BaseShape {
        if (hidden < 1 || layers < 1 || heads < 1 || kvHeads < 1 || headDim < 2 || intermediate < 1 || vocab < 1
                || maxPositions < 1) {
            throw new MetadataException("model sizes must be positive");
        }
        if (heads % kvHeads != 0) {
            throw new MetadataException("num_attention_heads must be a multiple of num_key_value_heads");
        }
        if (!(rmsEps > 0)) {
            throw new MetadataException("rms_norm_eps must be > 0");
        }
        if ((long) hidden * vocab > Integer.MAX_VALUE * 8L) {
            throw new MetadataException("the embedding is too large");
        }
    }

    /**
     * Reads the common keys.
     *
     * @param c            the (text) config
     * @param defaultEps   {@code rms_norm_eps} when absent
     * @param defaultMaxPos {@code max_position_embeddings} when absent
     * @return the shape
     * @throws MetadataException if a required key is missing or malformed
     */
    static BaseShape read(Metadata c, double defaultEps, int defaultMaxPos) {
        int hidden = c.requireInt("hidden_size");
        int heads = c.requireInt("num_attention_heads");
        if (heads < 1) {
            throw new MetadataException("num_attention_heads must be positive");
        }
        return new BaseShape(hidden, c.requireInt("num_hidden_layers"), heads,
                c.integer("num_key_value_heads").orElse(heads), c.integer("head_dim").orElse(hidden / heads),
                c.requireInt("intermediate_size"), c.requireInt("vocab_size"), c.number("rms_norm_eps").orElse(defaultEps),
                c.integer("max_position_embeddings").orElse(defaultMaxPos));
    }
}
