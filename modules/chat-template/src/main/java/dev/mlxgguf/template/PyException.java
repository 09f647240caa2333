package dev.mlxgguf.template;

/**
 * The internal error thrown while evaluating; it learns the template line of the innermost node that
 * saw it and becomes a public {@link TemplateException} at the API boundary.
 */
final class PyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Which public exception this becomes. */
    enum Kind { SYNTAX, RAISED, EVALUATION, LIMIT }

    private final Kind kind;
    private final String pythonType;
    private int line = -1;

    PyException(Kind kind, String pythonType, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.pythonType = pythonType;
    }

    static PyException typeError(String message) {
        return new PyException(Kind.EVALUATION, "TypeError", message);
    }

    static PyException valueError(String message) {
        return new PyException(Kind.EVALUATION, "ValueError", message);
    }

    static PyException runtime(String message) {
        return new PyException(Kind.EVALUATION, "TemplateRuntimeError", message);
    }

    static PyException of(String pythonType, String message) {
        return new PyException(Kind.EVALUATION, pythonType, message);
    }

    static PyException limit(String message) {
        return new PyException(Kind.LIMIT, "LimitExceeded", message);
    }

    static PyException syntax(String message, int line) {
        return new PyException(Kind.SYNTAX, "TemplateSyntaxError", message).at(line);
    }

    static PyException raised(String message) {
        return new PyException(Kind.RAISED, "TemplateError", message);
    }

    /** {@return the Python exception class this stands for} */
    String pythonType() {
        return pythonType;
    }

    /**
     * Records the line if none is known yet (the innermost node wins).
     *
     * @param templateLine the 1-based line
     * @return this
     */
    PyException at(int templateLine) {
        if (line < 0 && templateLine > 0) {
            line = templateLine;
        }
        return this;
    }

    /** {@return the public exception for this error} */
    TemplateException toPublic() {
        return switch (kind) {
            case SYNTAX -> new TemplateException.Syntax(getMessage(), line);
            case RAISED -> new TemplateException.Raised(getMessage(), line);
            case EVALUATION -> new TemplateException.Evaluation(pythonType, getMessage(), line);
            case LIMIT -> new TemplateException.LimitExceeded(getMessage(), line);
        };
    }
}
