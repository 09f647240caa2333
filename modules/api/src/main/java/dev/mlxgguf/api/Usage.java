package dev.mlxgguf.api;

/**
 * Token accounting of one generation.
 *
 * @param promptTokens     tokens of the (templated) prompt
 * @param completionTokens tokens generated, including a final end-of-generation token if one was sampled
 * @param cachedTokens     prompt tokens whose processing was reused from a cache
 */
public record Usage(int promptTokens, int completionTokens, int cachedTokens) {

    /** Checks the components: a null or out-of-range one throws. */
    public Usage {
        if (promptTokens < 0 || completionTokens < 0 || cachedTokens < 0 || cachedTokens > promptTokens) {
            throw new IllegalArgumentException("invalid usage " + promptTokens + "/" + completionTokens + "/" + cachedTokens);
        }
    }

    /** {@return prompt plus completion tokens} */
    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
