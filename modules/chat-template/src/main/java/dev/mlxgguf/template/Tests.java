package dev.mlxgguf.template;

import java.util.List;
import java.util.Map;

/** jinja2's built-in tests ({@code value is name(args)}), with Python's type rules. */
final class Tests {

    /** A test. */
    @FunctionalInterface
    interface Test {
        /**
         * Runs it.
         *
         * @param session the render
         * @param value   the tested value
         * @param args    the arguments
         * @return the verdict
         */
        boolean test(Session session, Object value, Args args);
    }

    private static final Map<String, Test> REGISTRY = Map.ofEntries(
            Map.entry("defined", none("defined", v -> !(v instanceof Undefined))),
            Map.entry("undefined", none("undefined", v -> v instanceof Undefined)),
            Map.entry("none", none("none", v -> v == null)),
            Map.entry("boolean", none("boolean", v -> v instanceof Boolean)),
            Map.entry("true", none("true", v -> Boolean.TRUE.equals(v))),
            Map.entry("false", none("false", v -> Boolean.FALSE.equals(v))),
            Map.entry("integer", none("integer", v -> v instanceof Long)),
            Map.entry("float", none("float", v -> v instanceof Double)),
            Map.entry("number", none("number", PyObjects::isNumber)),
            Map.entry("string", none("string", v -> v instanceof String)),
            Map.entry("mapping", none("mapping", v -> v instanceof Map)),
            Map.entry("sequence", none("sequence", Tests::isSequence)),
            Map.entry("iterable", none("iterable", Tests::isIterable)),
            // Undefined defines __call__ (to raise), so Python's callable() accepts it.
            Map.entry("callable", none("callable", v -> v instanceof PyCallable || v instanceof Undefined)),
            Map.entry("escaped", none("escaped", v -> false)),
            Map.entry("lower", none("lower", v -> isCase(PyRepr.str(v), false))),
            Map.entry("upper", none("upper", v -> isCase(PyRepr.str(v), true))),
            Map.entry("filter", none("filter", v -> v instanceof String s && Filters.lookup(s) != null)),
            Map.entry("test", none("test", v -> v instanceof String s && Tests.lookup(s) != null)),
            Map.entry("odd", (s, v, a) -> PyObjects.eq(modulo(s, v, a, "odd"), 1L)),
            Map.entry("even", (s, v, a) -> PyObjects.eq(modulo(s, v, a, "even"), 0L)),
            Map.entry("divisibleby", Tests::divisibleBy),
            Map.entry("in", (s, v, a) -> PyObjects.contains(v, one(a, "in", "seq"))),
            Map.entry("sameas", (s, v, a) -> sameAs(v, one(a, "sameas", "other"))),
            Map.entry("eq", Tests::eq), Map.entry("equalto", Tests::eq), Map.entry("==", Tests::eq),
            Map.entry("ne", (s, v, a) -> !PyObjects.eq(v, one(a, "ne", "other"))),
            Map.entry("!=", (s, v, a) -> !PyObjects.eq(v, one(a, "ne", "other"))),
            Map.entry("lt", (s, v, a) -> PyObjects.compare(v, one(a, "lt", "other"), "<") < 0),
            Map.entry("lessthan", (s, v, a) -> PyObjects.compare(v, one(a, "lt", "other"), "<") < 0),
            Map.entry("<", (s, v, a) -> PyObjects.compare(v, one(a, "lt", "other"), "<") < 0),
            Map.entry("le", (s, v, a) -> PyObjects.compare(v, one(a, "le", "other"), "<=") <= 0),
            Map.entry("<=", (s, v, a) -> PyObjects.compare(v, one(a, "le", "other"), "<=") <= 0),
            Map.entry("gt", (s, v, a) -> PyObjects.compare(v, one(a, "gt", "other"), ">") > 0),
            Map.entry("greaterthan", (s, v, a) -> PyObjects.compare(v, one(a, "gt", "other"), ">") > 0),
            Map.entry(">", (s, v, a) -> PyObjects.compare(v, one(a, "gt", "other"), ">") > 0),
            Map.entry("ge", (s, v, a) -> PyObjects.compare(v, one(a, "ge", "other"), ">=") >= 0),
            Map.entry(">=", (s, v, a) -> PyObjects.compare(v, one(a, "ge", "other"), ">=") >= 0));

    private Tests() {
    }

    /**
     * Finds a test.
     *
     * @param name the name
     * @return the test, or {@code null} when there is none
     */
    static Test lookup(String name) {
        return REGISTRY.get(name);
    }

    private static Test none(String name, java.util.function.Predicate<Object> p) {
        return (s, v, a) -> {
            a.bind("test_" + name);
            return p.test(v);
        };
    }

    private static Object one(Args a, String name, String param) {
        return a.bind("test_" + name, param, Args.REQUIRED)[0];
    }

    private static boolean eq(Session s, Object v, Args a) {
        return PyObjects.eq(v, one(a, "eq", "other"));
    }

    /** jinja2: has {@code len()} and {@code __getitem__}: str, list, tuple, dict, and (quirk) Undefined. */
    private static boolean isSequence(Object v) {
        return v instanceof String || v instanceof List || v instanceof PyTuple || v instanceof Map
                || v instanceof Undefined;
    }

    private static boolean isIterable(Object v) {
        return isSequence(v) || v instanceof PyIterator || v instanceof DictView || v instanceof LoopContext;
    }

    /** Python {@code str.islower()}/{@code isupper()}: at least one cased character, none of the other case. */
    static boolean isCase(String s, boolean upper) {
        boolean cased = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (upper ? Character.isLowerCase(cp) || Character.isTitleCase(cp)
                    : Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
                return false;
            }
            cased |= upper ? Character.isUpperCase(cp) : Character.isLowerCase(cp);
        }
        return cased;
    }

    private static Object modulo(Session s, Object v, Args a, String name) {
        a.bind("test_" + name);
        return PyArith.binary(s, Expr.BinaryOp.MOD, v, 2L);
    }

    private static boolean divisibleBy(Session s, Object v, Args a) {
        Object r = PyArith.binary(s, Expr.BinaryOp.MOD, v, one(a, "divisibleby", "num"));
        return PyObjects.eq(r, 0L);
    }

    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean) {
            return a == b || a != null && a.equals(b) && a.getClass() == b.getClass();
        }
        if (a instanceof String x && b instanceof String y) {
            // Template string constants behave as interned, equal strings are the same object.
            return x.equals(y);
        }
        if (a instanceof Long x && b instanceof Long y) {
            // CPython caches the small ints, so `is` holds for equal values in [-5, 256].
            return x.equals(y) && x >= -5 && x <= 256;
        }
        return a == b;
    }
}
