package dev.mlxgguf.api;

import java.util.Objects;

/**
 * How a generation ended.
 *
 * @param finishReason     why it ended
 * @param usage            token counts
 * @param promptEvalNanos  time spent processing the prompt
 * @param generationNanos  time spent generating after the prompt
 */
public record GenerationResult(FinishReason finishReason, Usage usage, long promptEvalNanos, long generationNanos) {

    /** Validates. */
    public GenerationResult {
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
    }
}
