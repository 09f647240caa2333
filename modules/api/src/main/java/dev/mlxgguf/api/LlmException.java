package dev.mlxgguf.api;

/**
 * Base of every failure the product reports to clients. The family is closed so that the single
 * place mapping failures to HTTP (the server's error mapping) can switch over it exhaustively.
 * Messages are shown to clients: they never contain absolute paths or secrets.
 */
public abstract sealed class LlmException extends RuntimeException
        permits InvalidRequestException, ContextLengthExceededException, NotFoundException, ModelNotLoadedException, ConflictException,
                OverloadedException, ModelLoadException, EngineFailureException, UnavailableException,
                HostCrashedException, RequestCancelledException {

    private static final long serialVersionUID = 1L;

    LlmException(String message) {
        super(message);
    }

    LlmException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@return the offending request field, or {@code null} (only request errors name one)} */
    public String param() {
        return null;
    }

    /** {@return the kind of this failure, used on the wire between host and server} */
    public abstract ErrorKind kind();
}
