package dev.mlxgguf.template;

/**
 * Any failure to compile or render a chat template. The family is closed, so a {@code switch} over it
 * stays exhaustive:
 * <ul>
 *   <li>{@link Syntax}: the source is not a valid template (thrown by {@link ChatTemplate#compile}),
 *       including an unknown filter or test outside an {@code if} block, as jinja2 reports it at compile time;</li>
 *   <li>{@link Raised}: the template called {@code raise_exception(message)};</li>
 *   <li>{@link Evaluation}: a Python-level error while rendering ({@code TypeError}, {@code UndefinedError},
 *       {@code SecurityError}, ...), named by {@link Evaluation#pythonType()};</li>
 *   <li>{@link LimitExceeded}: the render hit one of the {@link RenderOptions} bounds.</li>
 * </ul>
 * Every instance carries the 1-based template line where it happened (0 when unknown) and the bare
 * {@link #detail() detail} message; {@link #getMessage()} combines both.
 */
public abstract sealed class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The 1-based template line, 0 when unknown. */
    private final int line;
    /** The message without the line suffix. */
    private final String detail;

    TemplateException(String detail, int line) {
        super(line > 0 ? detail + " (template line " + line + ")" : detail);
        this.detail = detail;
        this.line = Math.max(line, 0);
    }

    /** {@return the 1-based template line of the failure, or 0 when unknown} */
    public int line() {
        return line;
    }

    /** {@return the message without the line suffix; for {@link Raised}, exactly the template's message} */
    public String detail() {
        return detail;
    }

    /** The template source is invalid; jinja2 would raise {@code TemplateSyntaxError} or {@code TemplateAssertionError}. */
    public static final class Syntax extends TemplateException {
        private static final long serialVersionUID = 1L;

        Syntax(String detail, int line) {
            super(detail, line);
        }
    }

    /** The template called {@code raise_exception(message)}; {@link #detail()} is the message. */
    public static final class Raised extends TemplateException {
        private static final long serialVersionUID = 1L;

        Raised(String detail, int line) {
            super(detail, line);
        }
    }

    /** A runtime error with Python semantics, e.g. adding a string to a number. */
    public static final class Evaluation extends TemplateException {
        private static final long serialVersionUID = 1L;

        /** The Python exception class name. */
        private final String pythonType;

        Evaluation(String pythonType, String detail, int line) {
            super(detail, line);
            this.pythonType = pythonType;
        }

        /** {@return the Python exception class jinja2 would raise, e.g. {@code TypeError} or {@code UndefinedError}} */
        public String pythonType() {
            return pythonType;
        }
    }

    /** The render exceeded a bound from {@link RenderOptions} (output size, steps, call depth, nesting). */
    public static final class LimitExceeded extends TemplateException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String detail, int line) {
            super(detail, line);
        }
    }
}
