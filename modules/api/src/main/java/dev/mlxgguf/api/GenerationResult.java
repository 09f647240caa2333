package dev.mlxgguf.api;

import java.util.Objects;

/**
 * How a generation ended.
 *
 * @param finishReason     why it ended
 * @param usage            token counts
 * @param promptEvalNanos  time spent processing the prompt
 * @param generationNanos  time spent generating after the prompt
 * @param cache            what the prompt cache did
 */
public record GenerationResult(FinishReason finishReason, Usage usage, long promptEvalNanos, long generationNanos,
                               CacheReport cache) {

    /** Checks that no component is null. */
    public GenerationResult {
        Objects.requireNonNull(finishReason, "finishReason");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(cache, "cache");
    }

    /**
     * A result of a generation that used no cache.
     *
     * @param finishReason    why it ended
     * @param usage           token counts
     * @param promptEvalNanos prompt time
     * @param generationNanos generation time
     */
    public GenerationResult(FinishReason finishReason, Usage usage, long promptEvalNanos, long generationNanos) {
        this(finishReason, usage, promptEvalNanos, generationNanos, CacheReport.none());
    }
}
