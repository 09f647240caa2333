package dev.mlxgguf.api;

/** The slot's request queue is full (HTTP 429 with {@code Retry-After}). */
public final class OverloadedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** Seconds the client should wait before retrying. */
    private final int retryAfterSeconds;

    /**
     * Creates the exception.
     *
     * @param message           client-visible message
     * @param retryAfterSeconds seconds to wait before retrying, at least 1
     */
    public OverloadedException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** {@return seconds the client should wait before retrying} */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.OVERLOADED;
    }
}
