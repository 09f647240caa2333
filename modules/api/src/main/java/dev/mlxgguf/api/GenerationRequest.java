package dev.mlxgguf.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One generation to run.
 *
 * @param id        request id (unique per server), used for cancellation and logs
 * @param prompt    text or chat
 * @param sampling  sampling parameters
 * @param maxTokens tokens to generate at most; {@code -1} = until the context is full
 * @param stop      stop strings (at most 16, none empty); the matched text is never emitted
 * @param threads   compute threads the engine may use for this request; 0 = the engine's own choice
 * @param cache      prompt-cache use
 * @param constraint the grammar the output must follow, if any
 */
public record GenerationRequest(String id, Prompt prompt, SamplingParams sampling, int maxTokens,
                                List<String> stop, int threads, CacheOptions cache,
                                Optional<OutputConstraint> constraint) {

    /** Maximum number of stop strings. */
    public static final int MAX_STOP = 16;

    /** Validates and copies. */
    public GenerationRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        stop = stop == null ? List.of() : List.copyOf(stop);
        if (maxTokens < -1) {
            throw new InvalidRequestException("max_tokens must be >= 0", "max_tokens");
        }
        if (stop.size() > MAX_STOP) {
            throw new InvalidRequestException("at most " + MAX_STOP + " stop strings", "stop");
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new InvalidRequestException("stop strings must not be empty", "stop");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads < 0");
        }
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(constraint, "constraint");
    }

    /**
     * An unconstrained generation.
     *
     * @param id        request id
     * @param prompt    text or chat
     * @param sampling  sampling parameters
     * @param maxTokens token limit, -1 = until the context is full
     * @param stop      stop strings
     * @param threads   compute threads, 0 = the engine's choice
     * @param cache     prompt-cache use
     */
    public GenerationRequest(String id, Prompt prompt, SamplingParams sampling, int maxTokens, List<String> stop,
                             int threads, CacheOptions cache) {
        this(id, prompt, sampling, maxTokens, stop, threads, cache, Optional.empty());
    }

    /**
     * @param c the constraint
     * @return this request with the output constrained
     */
    public GenerationRequest withConstraint(OutputConstraint c) {
        return new GenerationRequest(id, prompt, sampling, maxTokens, stop, threads, cache, Optional.of(c));
    }

    /**
     * A generation without the prompt cache.
     *
     * @param id        request id
     * @param prompt    text or chat
     * @param sampling  sampling parameters
     * @param maxTokens token limit, -1 = until the context is full
     * @param stop      stop strings
     * @param threads   compute threads, 0 = the engine's choice
     */
    public GenerationRequest(String id, Prompt prompt, SamplingParams sampling, int maxTokens, List<String> stop,
                             int threads) {
        this(id, prompt, sampling, maxTokens, stop, threads, CacheOptions.disabled());
    }
}
