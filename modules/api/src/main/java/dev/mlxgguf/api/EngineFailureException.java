package dev.mlxgguf.api;

/** The engine failed while serving a request; native error codes appear in the message (HTTP 500). */
public final class EngineFailureException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public EngineFailureException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public EngineFailureException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.ENGINE_FAILURE;
    }
}
