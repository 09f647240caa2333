package dev.mlxgguf.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A compiled Hugging Face chat template: a Jinja2 template rendered byte-for-byte as Python jinja2 3.1
 * renders it the way {@code transformers} configures it ({@code ImmutableSandboxedEnvironment} with
 * {@code trim_blocks}, {@code lstrip_blocks}, {@code loopcontrols} and the {@code generation} tag, the
 * {@code json.dumps}-based {@code tojson}, {@code raise_exception} and {@code strftime_now}).
 *
 * <p>Compiled templates are immutable and thread-safe; compile once, render many times. A render sees
 * only plain JSON-like values and the functions this package defines, never Java objects, and is
 * bounded by {@link RenderOptions} so that no template can hang, recurse without end or produce
 * unbounded output.
 *
 * {@snippet :
 * ChatTemplate t = ChatTemplate.compile("{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}");
 * String prompt = t.render(Map.of("messages", List.of(Map.of("role", "user", "content", "Hi"))));
 * }
 *
 * <p>Known differences from Python, all outside what chat templates do, are listed in the
 * {@linkplain dev.mlxgguf.template package documentation}.
 */
public final class ChatTemplate {
    private final String source;
    private final List<Stmt> body;

    private ChatTemplate(String source, List<Stmt> body) {
        this.source = source;
        this.body = body;
    }

    /**
     * Compiles a template.
     *
     * @param source the Jinja2 source
     * @return the compiled template
     * @throws TemplateException.Syntax if the source is not a valid template, with the line of the
     *                                  problem; like jinja2, an unknown filter or test is a compile error
     *                                  unless it only appears inside an {@code if} block or inline if
     */
    public static ChatTemplate compile(String source) {
        Objects.requireNonNull(source, "source");
        try {
            return new ChatTemplate(source, Parser.parse(source));
        } catch (PyException e) {
            throw e.toPublic();
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: a defect in the compiler must surface as a template error, not an arbitrary exception.
            TemplateException failure = new TemplateException.Syntax("template compiler failure: " + e, 0);
            failure.initCause(e);
            throw failure;
        }
    }

    /** {@return the template source} */
    public String source() {
        return source;
    }

    /**
     * Renders with the system clock and default limits.
     *
     * @param variables the top-level variables; values must be JSON-like ({@code Map<String, ?>},
     *                  {@code List}, {@code String}, integral and floating {@code Number}s, {@code Boolean},
     *                  {@code null})
     * @return the output
     * @throws TemplateException        if rendering fails
     * @throws IllegalArgumentException if a variable holds a value that is not JSON-like
     */
    public String render(Map<String, ?> variables) {
        return render(variables, RenderOptions.defaults());
    }

    /**
     * Renders.
     *
     * @param variables the top-level variables (see {@link #render(Map)}); they shadow the globals
     *                  ({@code range}, {@code namespace}, {@code raise_exception}, {@code strftime_now}, ...)
     * @param options   the clock and the limits
     * @return the output
     * @throws TemplateException        if rendering fails: {@link TemplateException.Raised} for
     *                                  {@code raise_exception}, {@link TemplateException.LimitExceeded} for
     *                                  a bound, {@link TemplateException.Evaluation} for other errors
     *                                  (with {@code pythonType} {@code InternalError} should this engine
     *                                  itself fail)
     * @throws IllegalArgumentException if a variable holds a value that is not JSON-like
     */
    public String render(Map<String, ?> variables, RenderOptions options) {
        Objects.requireNonNull(variables, "variables");
        Objects.requireNonNull(options, "options");
        Map<String, Object> vars = new HashMap<>(Globals.ALL);
        variables.forEach((k, v) -> vars.put(k, TemplateValues.fromJava(v)));
        Session session = new Session(options);
        StringBuilder out = new StringBuilder();
        try {
            new Interpreter(session, out).exec(body, new Scope(new Scope(null, vars)));
        } catch (PyException e) {
            throw e.toPublic();
        } catch (StackOverflowError e) {
            // Nesting is bounded well below the default stack size; this only trips on tiny thread stacks.
            throw new TemplateException.LimitExceeded("template evaluation exhausted the thread stack", 0);
        } catch (RuntimeException e) {
            // A defect in this engine must not escape as an arbitrary exception type; report it as a render failure.
            TemplateException failure = new TemplateException.Evaluation("InternalError",
                    "template engine failure: " + e, 0);
            failure.initCause(e);
            throw failure;
        }
        return out.toString();
    }
}
