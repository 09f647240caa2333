package dev.mlxgguf.template;

import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.testkit.ChatTemplateSources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the golden files written by {@code src/test/python/render_goldens.py} and checks a render
 * against an expected outcome: {@code {"output": text}} or {@code {"error": {"type", "message"}}}.
 */
final class Goldens {

    /** The clock the goldens were rendered with (the Python script freezes strftime_now at this time). */
    static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2024-09-05T14:07:09Z"), ZoneOffset.UTC);

    /** Render options matching the goldens. */
    static final RenderOptions OPTIONS = RenderOptions.defaults().withClock(FIXED_CLOCK);

    /**
     * A snippet from {@code snippets.txt}.
     *
     * @param id     the id
     * @param source the template
     */
    record Snippet(String id, String source) {
        @Override
        public String toString() {
            return id;
        }
    }

    private Goldens() {
    }

    static String resource(String path) {
        if (path.startsWith("chat-templates/") && path.endsWith(".jinja")) {
            return ChatTemplateSources.source(path.substring("chat-templates/".length(), path.length() - ".jinja".length()));
        }
        try (InputStream in = Goldens.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Object json(String path) {
        return JsonTrees.toJdk(Jsonp.parse(resource(path)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(String path) {
        return (Map<String, Object>) json(path);
    }

    /** Splits {@code snippets.txt}: {@code ### id} lines, each followed by a template; one final newline is dropped. */
    static List<Snippet> snippets() {
        List<Snippet> out = new ArrayList<>();
        String id = null;
        StringBuilder body = new StringBuilder();
        for (String line : resource("template-snippets/snippets.txt").split("\n", -1)) {
            if (line.startsWith("### ")) {
                if (id != null) {
                    out.add(snippet(id, body));
                }
                id = line.substring(4).strip();
                body.setLength(0);
            } else if (id != null) {
                body.append(line).append('\n');
            }
        }
        if (id != null) {
            out.add(snippet(id, body));
        }
        return out;
    }

    private static Snippet snippet(String id, StringBuilder body) {
        String text = body.substring(0, body.length() - 1);
        return new Snippet(id, text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    }

    /**
     * Asserts that a render matches the expected outcome.
     *
     * @param expected     the golden entry
     * @param render       performs compile and render
     * @param exactMessage whether an error message must match Python's exactly
     * @param label        for failure messages
     */
    @SuppressWarnings("unchecked")
    static void check(Map<String, Object> expected, Supplier<String> render, boolean exactMessage, String label) {
        if (expected.containsKey("output")) {
            String actual;
            try {
                actual = render.get();
            } catch (TemplateException e) {
                fail(label + ": expected output but got " + e, e);
                return;
            }
            assertEquals(expected.get("output"), actual, label);
            return;
        }
        Map<String, Object> error = (Map<String, Object>) expected.get("error");
        String type = (String) error.get("type");
        Class<? extends TemplateException> kind = switch (type) {
            case "TemplateSyntaxError", "TemplateAssertionError", "SyntaxError" -> TemplateException.Syntax.class;
            case "TemplateError" -> TemplateException.Raised.class;
            default -> TemplateException.Evaluation.class;
        };
        TemplateException e = assertThrows(kind, render::get, () -> label + ": expected " + type + ": " + error.get("message"));
        if (e instanceof TemplateException.Evaluation ev) {
            assertEquals(type, ev.pythonType(), label + ": Python exception type");
        }
        if (exactMessage) {
            assertEquals(error.get("message"), e.detail(), label + ": error message");
        }
    }
}
