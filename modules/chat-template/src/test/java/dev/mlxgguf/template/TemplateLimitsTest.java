package dev.mlxgguf.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** No template can hang, recurse without end, exhaust memory or overflow the stack: each bound stops it quickly. */
class TemplateLimitsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private static void assertStopped(Class<? extends TemplateException> kind, String source) {
        Executable render = () -> ChatTemplate.compile(source).render(Map.of());
        assertTimeoutPreemptively(QUICKLY, () -> assertThrows(kind, render));
    }

    @Test
    void hugeRangeIsRefusedLikeTheSandbox() {
        TemplateException.Evaluation e = assertThrows(TemplateException.Evaluation.class,
                () -> ChatTemplate.compile("{% for i in range(10**9) %}x{% endfor %}").render(Map.of()));
        assertEquals("OverflowError", e.pythonType());
        assertEquals("Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).", e.detail());
    }

    @Test
    void nestedLoopsRunOutOfSteps() {
        assertStopped(TemplateException.LimitExceeded.class,
                "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
    }

    @Test
    void unboundedMacroRecursionHitsTheDepthLimit() {
        assertStopped(TemplateException.LimitExceeded.class, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
    }

    @Test
    void exponentialMacroFanOutRunsOutOfSteps() {
        assertStopped(TemplateException.LimitExceeded.class,
                "{% macro f(n) %}{% if n < 50 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}{% endmacro %}{{ f(0) }}");
    }

    @Test
    void recursiveLoopIsBoundedToo() {
        assertStopped(TemplateException.LimitExceeded.class,
                "{% set t = [[[]]] %}{% for x in t recursive %}{{ loop(t) }}{% endfor %}");
    }

    @Test
    void outputIsBounded() {
        assertStopped(TemplateException.LimitExceeded.class, "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}");
    }

    @Test
    void hugeValuesAreRefusedBeforeTheyAreBuilt() {
        assertStopped(TemplateException.LimitExceeded.class, "{{ 'x' * 10**9 }}");
        assertStopped(TemplateException.LimitExceeded.class, "{{ [1] * 10**9 }}");
        assertStopped(TemplateException.LimitExceeded.class,
                "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}");
        assertStopped(TemplateException.LimitExceeded.class, "{{ 'x'.center(10**12) }}");
        assertStopped(TemplateException.LimitExceeded.class, "{{ '%.1000000000f' % 1.0 }}");
    }

    @Test
    void sharedReferencesCannotPrintUnboundedText() {
        assertStopped(TemplateException.LimitExceeded.class, "{% set s = 'x' * 1000000 %}{% set l = [s] * 1000 %}{{ l|length }}{{ l }}");
    }

    @Test
    void deeplyNestedValuesCannotOverflowTheStack() {
        assertStopped(TemplateException.LimitExceeded.class,
                "{% set ns = namespace(v=[]) %}{% for i in range(5000) %}{% set ns.v = [ns.v] %}{% endfor %}{{ ns.v }}");
    }

    @Test
    void deeplyNestedSourceIsASyntaxError() {
        String deep = "{{ " + "(".repeat(1000) + "1" + ")".repeat(1000) + " }}";
        TemplateException.Syntax e = assertThrows(TemplateException.Syntax.class, () -> ChatTemplate.compile(deep));
        assertEquals("template nested more than 100 levels deep", e.detail());
    }

    @Test
    void limitsAreConfigurable() {
        RenderOptions tiny = new RenderOptions(Clock.systemUTC(), 10, 1_000, 2);
        ChatTemplate t = ChatTemplate.compile("{{ 'x' * 11 }}");
        assertThrows(TemplateException.LimitExceeded.class, () -> t.render(Map.of(), tiny));
        assertThrows(TemplateException.LimitExceeded.class, () -> ChatTemplate.compile(
                "{% for i in range(2000) %}{% endfor %}").render(Map.of(), tiny));
        assertThrows(TemplateException.LimitExceeded.class, () -> ChatTemplate.compile(
                "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(0) }}").render(Map.of(), tiny));
    }
}
