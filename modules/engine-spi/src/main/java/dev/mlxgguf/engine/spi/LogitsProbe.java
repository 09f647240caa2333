package dev.mlxgguf.engine.spi;

/**
 * Verification hook: lets tests drive two engines with the same token ids and compare what they compute
 * (tokenization, next-token logits, greedy continuations). Text models whose engine can expose these
 * implement it next to {@link TextModel}; the server and the host never use it.
 *
 * <p>Threading and state: the same as the model's {@link TextModel} methods (one call at a time, on the
 * model's thread). Each call starts from an empty KV cache and leaves the cache in an unspecified state.
 */
public interface LogitsProbe {

    /**
     * Tokenizes text without adding BOS/EOS.
     *
     * @param text         the text
     * @param parseSpecial whether control-token texts in {@code text} become their ids
     * @return the token ids
     */
    int[] tokenize(String text, boolean parseSpecial);

    /**
     * Runs the model over a prompt and returns the raw logits for the token after it (no sampling,
     * no penalties, no bias).
     *
     * @param promptTokens at least one token, fewer than the context length
     * @return one logit per vocabulary entry (a new array)
     */
    float[] logitsAfter(int[] promptTokens);

    /**
     * Continues a prompt greedily: each step takes the arg-max of the raw logits (lowest id on ties),
     * ignoring end-of-generation tokens, for exactly {@code count} steps.
     *
     * @param promptTokens at least one token; prompt plus {@code count} must fit the context
     * @param count        tokens to generate
     * @return the generated ids (a new array of length {@code count})
     */
    int[] greedy(int[] promptTokens, int count);
}
