package dev.mlxgguf.api;

/**
 * The prompt does not fit the model's context (HTTP 400, code {@code context_length_exceeded}, the code agent
 * harnesses look for to compact a conversation). The message names the prompt's tokens, the limit and how
 * to raise it; {@link #param()} names the prompt field.
 */
public final class ContextLengthExceededException extends LlmException {
    private static final long serialVersionUID = 1L;

    private final String param;

    /**
     * Creates the exception.
     *
     * @param message client-visible message
     * @param param   the prompt field ({@code prompt} or {@code messages}), or {@code null}
     */
    public ContextLengthExceededException(String message, String param) {
        super(message);
        this.param = param;
    }

    /**
     * The standard message.
     *
     * @param promptTokens the prompt's tokens
     * @param context      the context (prompt plus completion)
     * @param param        the prompt field
     * @return the exception
     */
    public static ContextLengthExceededException of(int promptTokens, int context, String param) {
        return new ContextLengthExceededException("the prompt has " + promptTokens + " tokens but the context holds "
                + context + " tokens (prompt plus completion); shorten the prompt, or load the model with a larger "
                + "context_length", param);
    }

    @Override
    public String param() {
        return param;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.CONTEXT_LENGTH_EXCEEDED;
    }
}
