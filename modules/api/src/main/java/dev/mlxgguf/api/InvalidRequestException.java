package dev.mlxgguf.api;

/** The request is malformed or a parameter is out of range (HTTP 400); {@link #param()} names the field. */
public final class InvalidRequestException extends LlmException {
    private static final long serialVersionUID = 1L;

    /** The offending request field, or {@code null} when the request as a whole is wrong. */
    private final String param;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     * @param param   the offending request field, or {@code null}
     */
    public InvalidRequestException(String message, String param) {
        super(message);
        this.param = param;
    }

    /** {@return the offending request field, or {@code null}} */
    @Override
    public String param() {
        return param;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_REQUEST;
    }
}
