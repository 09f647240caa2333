package dev.mlxgguf.api;

/** Why a generation ended. */
public enum FinishReason {
    /** End-of-generation token or a stop string. */
    STOP("stop"),
    /** {@code max_tokens} or the end of the context was reached. */
    LENGTH("length"),
    /** The token sink asked to stop (client gone, cancelled, timed out). */
    CANCELLED("cancelled");

    private final String wireName;

    FinishReason(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the OpenAI {@code finish_reason} value} */
    public String wireName() {
        return wireName;
    }
}
