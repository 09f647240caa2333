package dev.mlxgguf.api;

/** The slot is occupied, or the model is already loaded elsewhere (HTTP 409). */
public final class ConflictException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public ConflictException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CONFLICT;
    }
}
