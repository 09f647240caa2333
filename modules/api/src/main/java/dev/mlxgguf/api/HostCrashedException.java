package dev.mlxgguf.api;

/** The host process of the model died while the request was queued or running (HTTP 503). */
public final class HostCrashedException extends LlmException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     */
    public HostCrashedException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (kept for logs, never shown to clients).
     *
     * @param message client-visible message
     * @param cause   the underlying failure
     */
    public HostCrashedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.HOST_CRASHED;
    }
}
