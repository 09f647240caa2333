package dev.mlxgguf.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named chat templates shipped with the server, for models whose files carry none: {@code chatml} (the
 * fallback), {@code llama2}, {@code llama3}, {@code mistral} (v0.3 style, with tools), {@code gemma},
 * {@code phi3}, {@code phi4} and {@code deepseek3}. They are written in the style of each family's
 * Hugging Face template. Thread-safe; each template is compiled once, on first use.
 */
public final class BuiltinTemplates {

    /** The name of the fallback template. */
    public static final String CHATML = "chatml";

    private static final Set<String> NAMES = Set.of(CHATML, "llama2", "llama3", "mistral", "gemma", "phi3", "phi4",
            "deepseek3");
    private static final Map<String, ChatTemplate> COMPILED = new ConcurrentHashMap<>();

    private BuiltinTemplates() {
    }

    /** {@return the names of the built-in templates} */
    public static Set<String> names() {
        return NAMES;
    }

    /**
     * Looks a built-in template up.
     *
     * @param name the name, e.g. {@code llama3}
     * @return the compiled template, or empty for an unknown name
     */
    public static Optional<ChatTemplate> named(String name) {
        if (!NAMES.contains(name)) {
            return Optional.empty();
        }
        return Optional.of(COMPILED.computeIfAbsent(name, n -> ChatTemplate.compile(source(n))));
    }

    /** {@return the ChatML template, the fallback for models without a template} */
    public static ChatTemplate chatml() {
        return named(CHATML).orElseThrow();
    }

    /**
     * The source of a built-in template.
     *
     * @param name the name
     * @return the Jinja source
     * @throws IllegalArgumentException for an unknown name
     */
    public static String source(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no built-in chat template named " + name);
        }
        try (InputStream in = BuiltinTemplates.class.getResourceAsStream(name + ".jinja")) {
            if (in == null) {
                throw new IllegalStateException("missing resource for built-in chat template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
