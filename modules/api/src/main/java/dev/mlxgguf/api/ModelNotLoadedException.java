package dev.mlxgguf.api;

/** The addressed slot holds no model (HTTP 400, code {@code model_not_loaded}). */
public final class ModelNotLoadedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public ModelNotLoadedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public ModelNotLoadedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.MODEL_NOT_LOADED;
    }
}
