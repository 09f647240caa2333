package dev.mlxgguf.engine.support.generation;

/**
 * Picks the next token of one generation from its decoder's current logits, with the request's sampling
 * parameters and its own state (random stream, penalty history). Confined to the model's thread; closing
 * releases native resources and is idempotent.
 */
public interface TokenSampler extends AutoCloseable {

    /**
     * Samples the next token and takes it into the sampler's history.
     *
     * @return the token id
     */
    int next();

    @Override
    void close();
}
