package dev.mlxgguf.api;

/** The engine could not load a model; the message gives the engine's reason (HTTP 500). */
public final class ModelLoadException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.MODEL_LOAD_FAILED;
    }
}
