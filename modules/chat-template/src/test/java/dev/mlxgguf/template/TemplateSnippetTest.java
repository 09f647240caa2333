package dev.mlxgguf.template;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Conformance of single language features against Python jinja2 (HF configuration): every snippet in
 * {@code template-snippets/snippets.txt} is rendered with {@code variables.json} and compared with the
 * output (or error) Python produced, recorded in {@code expected.json}.
 */
class TemplateSnippetTest {

    /** Errors whose text comes from Python's own compiler or interpreter internals; only the kind is compared. */
    private static final Set<String> KIND_ONLY = Set.of("syntax-break-outside-loop");

    private static final Map<String, Object> VARIABLES = Goldens.jsonObject("template-snippets/variables.json");
    private static final Map<String, Object> EXPECTED = Goldens.jsonObject("template-snippets/expected.json");

    static List<Goldens.Snippet> snippets() {
        return Goldens.snippets();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    @SuppressWarnings("unchecked")
    void rendersLikeJinja2(Goldens.Snippet snippet) {
        Map<String, Object> expected = (Map<String, Object>) EXPECTED.get(snippet.id());
        if (expected == null) {
            throw new AssertionError("no golden for " + snippet.id() + "; run src/test/python/render_goldens.py");
        }
        Goldens.check(expected, () -> ChatTemplate.compile(snippet.source()).render(VARIABLES, Goldens.OPTIONS),
                !KIND_ONLY.contains(snippet.id()), snippet.id());
    }
}
