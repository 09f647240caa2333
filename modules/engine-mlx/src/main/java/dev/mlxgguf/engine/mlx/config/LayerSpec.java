package dev.mlxgguf.engine.mlx.config;

import java.util.Objects;

/**
 * Attention settings of one transformer block.
 *
 * @param window sliding-window size in tokens (a query sees itself and the {@code window - 1} keys before
 *               it); 0 = full causal attention
 * @param rope   the rotary embedding of this block
 */
public record LayerSpec(int window, Rope rope) {

    /** Checks the components: a null or out-of-range one throws. */
    public LayerSpec {
        Objects.requireNonNull(rope, "rope");
        if (window < 0) {
            throw new IllegalArgumentException("window < 0");
        }
    }
}
