package dev.mlxgguf.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filter registry, and the filters that work on single values. jinja2's built-in filters with their
 * Python signatures and results, plus Hugging Face's {@code tojson} (plain {@code json.dumps}: no HTML
 * escaping, raw non-ASCII, Python separators). Sequence filters live in {@link SeqFilters}.
 */
final class Filters {

    /** A filter: {@code value|name(args)}. */
    @FunctionalInterface
    interface Filter {
        /**
         * Applies it.
         *
         * @param session the render
         * @param value   the filtered value
         * @param args    the arguments
         * @return the result
         */
        Object apply(Session session, Object value, Args args);
    }

    private static final Map<String, Filter> REGISTRY = Map.ofEntries(
            Map.entry("abs", Filters::abs),
            Map.entry("attr", (s, v, a) -> PyAccess.attribute(s, v, PyRepr.str(a.bind("attr", "name", Args.REQUIRED)[0]))),
            Map.entry("capitalize", (s, v, a) -> PyStr.capitalize(str(v, a, "capitalize"))),
            Map.entry("center", Filters::center),
            Map.entry("default", Filters::defaultValue),
            Map.entry("d", Filters::defaultValue),
            Map.entry("escape", (s, v, a) -> escape(str(v, a, "escape"))),
            Map.entry("e", (s, v, a) -> escape(str(v, a, "e"))),
            Map.entry("float", Filters::toFloat),
            Map.entry("format", Filters::format),
            Map.entry("indent", Filters::indent),
            Map.entry("int", Filters::toInt),
            Map.entry("lower", (s, v, a) -> PyStr.lower(str(v, a, "lower"))),
            Map.entry("upper", (s, v, a) -> PyStr.upper(str(v, a, "upper"))),
            Map.entry("replace", Filters::replace),
            Map.entry("round", Filters::round),
            Map.entry("safe", (s, v, a) -> str(v, a, "safe")),
            Map.entry("string", (s, v, a) -> str(v, a, "string")),
            Map.entry("title", (s, v, a) -> title(str(v, a, "title"))),
            Map.entry("trim", Filters::trim),
            Map.entry("wordcount", Filters::wordcount),
            Map.entry("tojson", Filters::tojson),
            Map.entry("batch", SeqFilters::batch),
            Map.entry("count", SeqFilters::length),
            Map.entry("length", SeqFilters::length),
            Map.entry("dictsort", OrderFilters::dictsort),
            Map.entry("first", SeqFilters::first),
            Map.entry("last", SeqFilters::last),
            Map.entry("items", SeqFilters::items),
            Map.entry("join", SeqFilters::join),
            Map.entry("list", SeqFilters::list),
            Map.entry("map", SeqFilters::map),
            Map.entry("max", (s, v, a) -> OrderFilters.minOrMax(s, v, a, "max")),
            Map.entry("min", (s, v, a) -> OrderFilters.minOrMax(s, v, a, "min")),
            Map.entry("reject", (s, v, a) -> SeqFilters.selectOrReject(s, v, a, false, false)),
            Map.entry("rejectattr", (s, v, a) -> SeqFilters.selectOrReject(s, v, a, false, true)),
            Map.entry("select", (s, v, a) -> SeqFilters.selectOrReject(s, v, a, true, false)),
            Map.entry("selectattr", (s, v, a) -> SeqFilters.selectOrReject(s, v, a, true, true)),
            Map.entry("reverse", SeqFilters::reverse),
            Map.entry("sort", OrderFilters::sort),
            Map.entry("sum", SeqFilters::sum),
            Map.entry("unique", OrderFilters::unique));

    private Filters() {
    }

    /**
     * Finds a filter.
     *
     * @param name the name
     * @return the filter, or {@code null} when there is none
     */
    static Filter lookup(String name) {
        return REGISTRY.get(name);
    }

    /** {@code str(value)} for filters that take no arguments; rejects arguments. */
    private static String str(Object value, Args args, String name) {
        args.bind(name);
        return PyRepr.str(value);
    }

    private static Object abs(Session s, Object v, Args a) {
        a.bind("abs");
        if (v instanceof Double d) {
            return Math.abs(d);
        }
        if (PyObjects.isInt(v)) {
            return PyArith.unary(PyObjects.asLong(v) < 0, v);
        }
        throw PyException.typeError("bad operand type for abs(): '" + PyObjects.typeName(v) + "'");
    }

    private static Object center(Session s, Object v, Args a) {
        Object[] p = a.bind("center", "width", 80L);
        long width = PyObjects.asLong(requireInt(p[0]));
        s.checkSize(width);
        return PyStr.pad(PyRepr.str(v), width, " ", '^');
    }

    private static Object defaultValue(Session s, Object v, Args a) {
        Object[] p = a.bind("default", "default_value", "", "boolean", false);
        return v instanceof Undefined || PyObjects.truthy(p[1]) && !PyObjects.truthy(v) ? p[0] : v;
    }

    /** HTML escaping as markupsafe does it. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static Object toFloat(Session s, Object v, Args a) {
        Object[] p = a.bind("float", "default", 0.0);
        Double d = PyNumbers.toFloat(v);
        return d != null ? d : p[0];
    }

    private static Object toInt(Session s, Object v, Args a) {
        Object[] p = a.bind("int", "default", 0L, "base", 10L);
        Long l = PyNumbers.toInt(v, PyObjects.asLong(requireInt(p[1])));
        return l != null ? l : p[0];
    }

    private static Object format(Session s, Object v, Args a) {
        if (!a.positional().isEmpty() && !a.keywords().isEmpty()) {
            throw PyException.of("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
        }
        Object args = a.keywords().isEmpty() ? new PyTuple(a.positional()) : new java.util.LinkedHashMap<>(a.keywords());
        return PyFormat.percent(s, PyRepr.str(v), args);
    }

    private static Object indent(Session s, Object v, Args a) {
        Object[] p = a.bind("indent", "width", 4L, "first", false, "blank", false);
        String indention = p[0] instanceof String w ? w : " ".repeat((int) Math.max(0, Math.min(
                PyObjects.asLong(requireInt(p[0])), Integer.MAX_VALUE / 2)));
        String text = indentable(v) + "\n";
        List<Object> lines = PyStr.splitLines(text, false);
        s.checkSize((long) text.length() + (long) indention.length() * lines.size());
        StringBuilder out = new StringBuilder();
        if (PyObjects.truthy(p[2])) {
            for (int i = 0; i < lines.size(); i++) {
                out.append(i > 0 ? "\n" + indention : "").append(lines.get(i));
            }
        } else {
            out.append(lines.getFirst());
            for (int i = 1; i < lines.size(); i++) {
                String line = (String) lines.get(i);
                out.append('\n').append(line.isEmpty() ? "" : indention + line);
            }
        }
        return PyObjects.truthy(p[1]) ? indention + out : out.toString();
    }

    /** jinja2's {@code indent} appends a newline with {@code +=}, which only strings accept. */
    private static String indentable(Object v) {
        return switch (v) {
            case String str -> str;
            case Undefined u -> throw u.error();
            case List<?> ignored -> throw PyException.of("AttributeError", "'list' object has no attribute 'splitlines'");
            case PyTuple ignored -> throw PyException.typeError("can only concatenate tuple (not \"str\") to tuple");
            case null, default -> throw PyException.typeError("unsupported operand type(s) for +=: '"
                    + PyObjects.typeName(v) + "' and 'str'");
        };
    }

    private static Object replace(Session s, Object v, Args a) {
        Object[] p = a.bind("replace", "old", Args.REQUIRED, "new", Args.REQUIRED, "count", null);
        long count = p[2] == null ? -1 : PyObjects.asLong(requireInt(p[2]));
        return StrMethods.replace(s, PyRepr.str(v), PyRepr.str(p[0]), PyRepr.str(p[1]), count);
    }

    private static Object round(Session s, Object v, Args a) {
        Object[] p = a.bind("round", "precision", 0L, "method", "common");
        String method = PyRepr.str(p[1]);
        int precision = (int) PyObjects.asLong(requireInt(p[0]));
        if (!List.of("common", "ceil", "floor").contains(method)) {
            throw PyException.of("FilterArgumentError", "method must be common, ceil or floor");
        }
        if (method.equals("common") && PyObjects.isInt(v)) {
            return PyObjects.asLong(v);
        }
        if (!method.equals("common")) {
            // jinja2 computes math.floor/ceil(value * 10**precision) / 10**precision.
            Object scaled = PyArith.binary(s, Expr.BinaryOp.MUL, v, PyArith.binary(s, Expr.BinaryOp.POW, 10L, (long) precision));
            if (!PyObjects.isNumber(scaled)) {
                throw PyException.typeError("must be real number, not " + PyObjects.typeName(scaled));
            }
        } else if (!PyObjects.isNumber(v)) {
            throw PyException.typeError("type " + PyObjects.typeName(v) + " doesn't define __round__ method");
        }
        double d = PyObjects.asDouble(v);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        if (!method.equals("common")) {
            // Float arithmetic exactly as jinja2 does it: math.floor(value * 10**p) / 10**p.
            double scale = Math.pow(10, precision);
            double scaled = d * scale;
            return (method.equals("ceil") ? Math.ceil(scaled) : Math.floor(scaled)) / scale + 0.0;
        }
        // Python rounds the exact binary value, so 2.675 rounds to 2.67; BigDecimal(double) is that exact value.
        double r = new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue();
        return r == 0 && d < 0 ? -0.0 : r;
    }

    /** jinja2's {@code title} filter: upper-cases the first character of each word split at {@code -}, spaces and brackets. */
    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean wordStart = true;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean separator = cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<' || PyStr.isSpace(cp);
            if (separator) {
                out.appendCodePoint(cp);
                wordStart = true;
            } else {
                out.append(wordStart ? PyStr.upper(Character.toString(cp)) : PyStr.lower(Character.toString(cp)));
                wordStart = false;
            }
        }
        return out.toString();
    }

    private static Object trim(Session s, Object v, Args a) {
        Object[] p = a.bind("trim", "chars", null);
        return PyStr.strip(PyRepr.str(v), p[0] == null ? null : PyRepr.str(p[0]), true, true);
    }

    private static Object wordcount(Session s, Object v, Args a) {
        a.bind("wordcount");
        String text = PyRepr.str(v);
        long words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean word = cp == '_' || Character.isLetterOrDigit(cp);
            if (word && !inWord) {
                words++;
            }
            inWord = word;
        }
        return words;
    }

    private static Object tojson(Session s, Object v, Args a) {
        Object[] p = a.bind("tojson", "ensure_ascii", false, "indent", null, "separators", null, "sort_keys", false);
        String indent = switch (p[1]) {
            case null -> null;
            case String str -> str;
            default -> " ".repeat((int) Math.max(0, Math.min(PyObjects.asLong(requireInt(p[1])), 1024)));
        };
        String itemSep = indent == null ? ", " : ",";
        String keySep = ": ";
        if (p[2] != null) {
            List<Object> seps = PyObjects.toList(p[2]);
            if (seps.size() != 2) {
                throw PyException.valueError("separators must be a pair");
            }
            itemSep = PyRepr.str(seps.get(0));
            keySep = PyRepr.str(seps.get(1));
        }
        return PyJson.dumps(s, v, new PyJson.Options(PyObjects.truthy(p[0]), indent, itemSep, keySep,
                PyObjects.truthy(p[3])));
    }

    /**
     * Requires a Python int argument.
     *
     * @param value the argument
     * @return the argument
     */
    static Object requireInt(Object value) {
        if (!PyObjects.isInt(value)) {
            throw PyException.typeError("'" + PyObjects.typeName(value) + "' object cannot be interpreted as an integer");
        }
        return value;
    }

    /**
     * Copies elements into a new list, charging the budget.
     *
     * @param session the render
     * @param value   an iterable
     * @return a new mutable list
     */
    static List<Object> copyList(Session session, Object value) {
        List<Object> items = new ArrayList<>(PyObjects.toList(value));
        session.step(items.size());
        return items;
    }
}
