package dev.mlxgguf.api;

/** The request was cancelled by an administrator clean-up or a timeout (HTTP 503). */
public final class RequestCancelledException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public RequestCancelledException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public RequestCancelledException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CANCELLED;
    }
}
