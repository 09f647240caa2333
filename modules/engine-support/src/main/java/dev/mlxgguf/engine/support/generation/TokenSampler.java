package dev.mlxgguf.engine.support.generation;

/**
 * Picks the next token of one generation from its decoder's current logits, with the request's sampling
 * parameters and its own state (random stream, penalty history). Confined to the model's thread; closing
 * releases native resources and is idempotent.
 */
public interface TokenSampler extends AutoCloseable {

    /**
     * Samples the next token and takes it into the sampler's history. Tokens outside {@code allowed} get no
     * probability: they are masked after the logit bias and penalties, before any truncation sampler
     * (top-k, top-p, min-p, typical, mirostat) and before greedy choice.
     *
     * @param allowed the tokens that may be sampled (bit {@code t % 64} of word {@code t / 64}, at least one set),
     *                or null for every token
     * @return the token id
     */
    int next(long[] allowed);

    @Override
    void close();
}
