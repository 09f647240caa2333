package dev.mlxgguf.testkit;

import java.util.List;
import java.util.Map;

/**
 * Writes JDK values as JSON text: {@link Map} (keys in iteration order), {@link List}, {@link String},
 * {@link Number}, {@link Boolean} and {@code null}. Non-ASCII characters are written as they are, control
 * characters escaped. Stateless.
 */
final class JsonOut {

    private JsonOut() {
    }

    /**
     * @param value a JSON-like value
     * @return its JSON text
     */
    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        write(value, b);
        return b.toString();
    }

    private static void write(Object v, StringBuilder b) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(s, b);
            case Boolean bool -> b.append(bool);
            case Float f -> b.append(Float.toString(f));
            case Double d -> b.append(Double.toString(d));
            case Number n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        b.append(", ");
                    }
                    first = false;
                    string(String.valueOf(e.getKey()), b);
                    b.append(": ");
                    write(e.getValue(), b);
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        b.append(", ");
                    }
                    write(l.get(i), b);
                }
                b.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + v.getClass());
        }
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
