package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps}, which Hugging Face installs as the {@code tojson} filter: insertion
 * order, {@code ", "}/{@code ": "} separators ({@code ","} plus newlines once an indent is given), floats
 * as Python's {@code repr}, and no escaping of non-ASCII or HTML characters unless {@code ensure_ascii}.
 */
final class PyJson {

    /**
     * {@code json.dumps} options.
     *
     * @param ensureAscii escape non-ASCII as {@code \\uXXXX}
     * @param indent      the indent string, or {@code null} for a single line
     * @param itemSep     the separator between items
     * @param keySep      the separator between a key and its value
     * @param sortKeys    sort object keys
     */
    record Options(boolean ensureAscii, String indent, String itemSep, String keySep, boolean sortKeys) {
    }

    private PyJson() {
    }

    /**
     * Serializes a value.
     *
     * @param session the render
     * @param value   the value
     * @param options the options
     * @return the JSON text
     * @throws PyException a {@code TypeError} for values JSON cannot represent
     */
    static String dumps(Session session, Object value, Options options) {
        StringBuilder out = new StringBuilder();
        write(session, out, value, options, 0);
        return out.toString();
    }

    private static void write(Session session, StringBuilder out, Object value, Options o, int depth) {
        if (depth > Session.MAX_VALUE_DEPTH) {
            throw PyException.limit("value nested too deeply to serialize");
        }
        session.step();
        session.checkSize(out.length());
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Long l -> out.append(l);
            case Double d -> out.append(floatJson(d));
            case String s -> string(out, s, o.ensureAscii());
            case List<?> l -> array(session, out, l, o, depth);
            case PyTuple t -> array(session, out, t.items(), o, depth);
            case Map<?, ?> m -> object(session, out, m, o, depth);
            default -> throw PyException.typeError("Object of type " + PyObjects.typeName(value) + " is not JSON serializable");
        }
    }

    private static String floatJson(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return PyRepr.floatRepr(d);
    }

    private static void newline(StringBuilder out, Options o, int level) {
        if (o.indent() != null) {
            out.append('\n');
            out.append(o.indent().repeat(level));
        }
    }

    private static void array(Session session, StringBuilder out, List<?> items, Options o, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(o.itemSep());
            }
            newline(out, o, depth + 1);
            write(session, out, items.get(i), o, depth + 1);
        }
        newline(out, o, depth);
        out.append(']');
    }

    private static void object(Session session, StringBuilder out, Map<?, ?> map, Options o, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        if (o.sortKeys()) {
            entries.sort((x, y) -> PyObjects.compare(x.getKey(), y.getKey(), "<"));
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : entries) {
            if (!first) {
                out.append(o.itemSep());
            }
            first = false;
            newline(out, o, depth + 1);
            string(out, key(e.getKey()), o.ensureAscii());
            out.append(o.keySep());
            write(session, out, e.getValue(), o, depth + 1);
        }
        newline(out, o, depth);
        out.append('}');
    }

    private static String key(Object k) {
        return switch (k) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b ? "true" : "false";
            case Long l -> Long.toString(l);
            case Double d -> floatJson(d);
            default -> throw PyException.typeError("keys must be str, int, float, bool or None, not "
                    + PyObjects.typeName(k));
        };
    }

    /**
     * Writes a JSON string literal as Python's encoder does.
     *
     * @param out         the buffer
     * @param s           the string
     * @param ensureAscii escape non-ASCII characters
     */
    static void string(StringBuilder out, String s, boolean ensureAscii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || ensureAscii && c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
