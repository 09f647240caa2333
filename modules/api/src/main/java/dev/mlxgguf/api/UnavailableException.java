package dev.mlxgguf.api;

/** The model cannot serve right now: loading, restarting, failed, unloading, over the memory budget, or the server is shutting down (HTTP 503). */
public final class UnavailableException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public UnavailableException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAVAILABLE;
    }
}
