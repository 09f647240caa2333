package dev.mlxgguf.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep, order-preserving, unmodifiable copies of plain JSON value trees. Allowed leaves:
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean} and {@code null}; containers:
 * {@code Map<String, ?>} and {@code List<?>}. Anything else is rejected, so no foreign object can
 * travel inside a request.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Copies a JSON object.
     *
     * @param object the object
     * @return an unmodifiable deep copy that keeps key order (may hold {@code null} values)
     * @throws IllegalArgumentException if a value is not a plain JSON value
     */
    public static Map<String, Object> copyObject(Map<String, ?> object) {
        Map<String, Object> copy = new LinkedHashMap<>();
        object.forEach((k, v) -> copy.put(k, copy(v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Copies a JSON array.
     *
     * @param array the array
     * @return an unmodifiable deep copy (may hold {@code null} elements)
     * @throws IllegalArgumentException if an element is not a plain JSON value
     */
    public static List<Object> copyArray(List<?> array) {
        List<Object> copy = new ArrayList<>(array.size());
        for (Object v : array) {
            copy.add(copy(v));
        }
        return Collections.unmodifiableList(copy);
    }

    /**
     * Copies any JSON value.
     *
     * @param value the value
     * @return the copy; leaves are returned as they are
     * @throws IllegalArgumentException if the value is not a plain JSON value
     */
    @SuppressWarnings("unchecked")
    public static Object copy(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Double d -> d;
            case Map<?, ?> m -> copyObject((Map<String, ?>) m);
            case List<?> l -> copyArray(l);
            default -> throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        };
    }
}
