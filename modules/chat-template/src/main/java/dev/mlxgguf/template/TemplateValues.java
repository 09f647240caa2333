package dev.mlxgguf.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts caller-supplied Java values into template values: a deep copy of the JSON-like tree with
 * every integral number as a {@code Long} and every floating one as a {@code Double}. Anything else is
 * rejected, so no Java object ever enters a render.
 */
final class TemplateValues {
    private static final int MAX_DEPTH = 256;

    private TemplateValues() {
    }

    /**
     * Converts a value.
     *
     * @param value the value
     * @return the template value
     * @throws IllegalArgumentException for a value that is not JSON-like, a non-string map key or a tree
     *                                  deeper than 256 levels
     */
    static Object fromJava(Object value) {
        return convert(value, 0);
    }

    private static Object convert(Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("template variable nested deeper than " + MAX_DEPTH + " levels");
        }
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Double d -> d;
            case Float f -> f.doubleValue();
            case BigInteger b when b.bitLength() < 64 -> b.longValue();
            case BigDecimal b -> b.doubleValue();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("template variable map keys must be strings");
                    }
                    out.put(key, convert(e.getValue(), depth + 1));
                }
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                for (Object item : l) {
                    out.add(convert(item, depth + 1));
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("not a JSON-like template value: " + value.getClass().getName());
        };
    }
}
