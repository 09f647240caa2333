package dev.mlxgguf.template;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Behaviours of {@link ChatTemplate} called out by the design, each with the output Python jinja2 gives. */
class ChatTemplateTest {

    private static final Map<String, Object> VARS = Map.of(
            "xs", List.of(1, 2, 3),
            "d", map("a", 1, "b", "x"),
            "messages", List.of(map("role", "user", "content", "hi")));

    private static String render(String source) {
        return ChatTemplate.compile(source).render(VARS, Goldens.OPTIONS);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void syntaxErrorIsReportedAtCompileTimeWithItsLine() {
        TemplateException.Syntax e = assertThrows(TemplateException.Syntax.class,
                () -> ChatTemplate.compile("line one\nline two\n{{ x + }}"));
        assertEquals(3, e.line());
        assertEquals("unexpected 'end of print statement'", e.detail());
        assertEquals("unexpected 'end of print statement' (template line 3)", e.getMessage());
    }

    @Test
    void unclosedBlockNamesTheBlock() {
        TemplateException.Syntax e = assertThrows(TemplateException.Syntax.class,
                () -> ChatTemplate.compile("{% for m in messages %}\n{{ m }}"));
        assertEquals("Unexpected end of template. Jinja was looking for the following tags: 'endfor' or 'else'."
                + " The innermost block that needs to be closed is 'for'.", e.detail());
    }

    @Test
    void unknownFilterFailsCompilationUnlessOnlyInsideAnIf() {
        TemplateException.Syntax e = assertThrows(TemplateException.Syntax.class,
                () -> ChatTemplate.compile("\n{{ xs|frobnicate }}"));
        assertEquals("No filter named 'frobnicate'.", e.detail());
        assertEquals(2, e.line());
        // jinja2 defers the check inside if blocks: fine while the branch is not taken.
        assertEquals("ok", render("{% if false %}{{ xs|frobnicate }}{% endif %}ok"));
        TemplateException.Evaluation run = assertThrows(TemplateException.Evaluation.class,
                () -> render("{% if true %}{{ xs|frobnicate }}{% endif %}"));
        assertEquals("No filter named 'frobnicate' found.", run.detail());
    }

    @Test
    void raiseExceptionCarriesTheTemplateMessage() {
        TemplateException.Raised e = assertThrows(TemplateException.Raised.class, () -> render(
                "{% if messages[0].role != 'system' %}\n{{ raise_exception('System message required!') }}{% endif %}"));
        assertEquals("System message required!", e.detail());
        assertEquals(2, e.line());
    }

    @Test
    void notBindsLooserThanIsDefined() {
        assertEquals("True False", render("{{ not missing is defined }} {{ not d is defined }}"));
    }

    @Test
    void slicesFollowPython() {
        assertEquals("[3, 2, 1] [2, 3] [1, 2] cba [1, 3]", render("{{ xs[::-1] }} {{ xs[1:] }} {{ xs[:-1] }} {{ 'abc'[::-1] }} "
                + "{{ xs[::2] }}"));
    }

    @Test
    void loopFilterCountsOnlyAcceptedItems() {
        assertEquals("1:2/2 2:3/2 ", render("{% for x in xs if x > 1 %}{{ loop.index }}:{{ x }}/{{ loop.length }} {% endfor %}"));
    }

    @Test
    void itemsFilterAndMethodYieldPairs() {
        assertEquals("a=1;b=x;|[('a', 1), ('b', 'x')]", render("{% for k, v in d|items %}{{ k }}={{ v }};{% endfor %}|"
                + "{{ d.items()|list }}"));
    }

    @Test
    void setInsideALoopDoesNotLeakButNamespaceAttributesDo() {
        assertEquals("0 0 3", render("{% set n = 0 %}{% set ns = namespace(n=0) %}{% for x in xs %}{% set n = n + 1 %}"
                + "{% set ns.n = ns.n + 1 %}{% endfor %}{{ n }} {{ 0 if n is defined else 1 }} {{ ns.n }}"));
    }

    @Test
    void tojsonMatchesPythonJsonDumps() {
        assertEquals("{\"a\": [1, 2.5, \"é😀\"], \"b\": null}", render("{{ {'a': [1, 2.5, 'é😀'], 'b': none}|tojson }}"));
        assertEquals("{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}", render("{{ {'a': [1], 'b': {}}|tojson(indent=2) }}"));
        assertEquals("\"\\u00e9\"", render("{{ 'é'|tojson(ensure_ascii=true) }}"));
    }

    @Test
    void valuesPrintAsPythonStr() {
        assertEquals("[1, 'a', None, True, {'k': \"it's\"}, (1,), 1e-05, 1.0, 0.30000000000000004]",
                render("{{ [1, 'a', none, true, {'k': \"it's\"}, (1,), 1e-5, 1.0, 0.1 + 0.2] }}"));
        assertEquals("None True False 1e+16 -0.0", render("{{ none }} {{ true }} {{ false }} {{ 1e16 }} {{ -0.0 }}"));
    }

    @Test
    void whitespaceControlMatchesJinja2() {
        assertEquals("a\nb", render("{% if true %}\r\na\r\n{% endif %}\r\nb\n"));
        assertEquals("<x>\n    y\n</x>", render("<x>\n    {% if true %}\n    y\n    {% endif %}\n</x>"));
        assertEquals("ab", render("a  \n  {{- '' -}}  \n  b"));
        assertEquals("    x", render("    {%+ if true %}x{% endif %}"));
        assertEquals("line1\nline2", render("line1\n  {# comment #}\nline2"));
    }

    @Test
    void noJavaObjectIsReachable() {
        assertEquals("[] []", render("[{{ ''.__class__ }}] [{{ messages.getClass }}]"));
        TemplateException.Evaluation call = assertThrows(TemplateException.Evaluation.class,
                () -> render("{{ messages.getClass() }}"));
        assertEquals("UndefinedError", call.pythonType());
        assertEquals("'list object' has no attribute 'getClass'", call.detail());
        TemplateException.Evaluation dunder = assertThrows(TemplateException.Evaluation.class,
                () -> render("{{ ''.__class__.__mro__ }}"));
        assertEquals("SecurityError", dunder.pythonType());
        TemplateException.Evaluation mutate = assertThrows(TemplateException.Evaluation.class,
                () -> render("{{ messages.append(1) }}"));
        assertEquals("access to attribute 'append' of 'list' object is unsafe.", mutate.detail());
        Map<String, Object> foreign = Map.of("x", new Object());
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.compile("{{ x }}").render(foreign));
    }

    @Test
    void strftimeNowReadsTheInjectedClock() {
        RenderOptions options = RenderOptions.defaults()
                .withClock(Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
        assertEquals("02 Jan 2025|2025-01-02|January 2, 2025", ChatTemplate.compile(
                "{{ strftime_now('%d %b %Y') }}|{{ strftime_now('%Y-%m-%d') }}|{{ strftime_now('%B %-d, %Y') }}")
                .render(Map.of(), options));
    }

    @Test
    void compiledTemplateIsReusableAcrossThreads() throws Exception {
        ChatTemplate template = ChatTemplate.compile("{% set ns = namespace(s='') %}{% for m in messages %}"
                + "{% set ns.s = ns.s ~ m.content %}{% endfor %}{{ ns.s }}");
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 64; i++) {
                String content = "m" + i;
                Map<String, Object> vars = Map.of("messages", List.of(map("content", content), map("content", "!")));
                results.add(pool.submit(() -> template.render(vars)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals("m" + i + "!", results.get(i).get());
            }
        }
    }
}
