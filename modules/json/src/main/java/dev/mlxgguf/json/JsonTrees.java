package dev.mlxgguf.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON-P values and the plain JDK trees used by the domain records
 * ({@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Long}, {@code Double},
 * {@code Boolean}, {@code null}). Object key order is kept. Stateless and thread-safe.
 */
public final class JsonTrees {

    private JsonTrees() {
    }

    /**
     * JSON-P to a JDK tree.
     *
     * @param value a JSON value
     * @return the plain value; integral numbers that fit become {@code Long}, others {@code Double}
     */
    public static Object toJdk(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> number((JsonNumber) value);
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonValue v : (JsonArray) value) {
                    list.add(toJdk(v));
                }
                yield Collections.unmodifiableList(list);
            }
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((k, v) -> map.put(k, toJdk(v)));
                yield Collections.unmodifiableMap(map);
            }
        };
    }

    /**
     * A JSON-P object to a JDK map.
     *
     * @param object the object
     * @return the map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toJdkObject(JsonObject object) {
        return (Map<String, Object>) toJdk(object);
    }

    /**
     * A JDK tree to JSON-P.
     *
     * @param value a plain value
     * @return the JSON value
     * @throws IllegalArgumentException for values that are not plain JSON
     */
    public static JsonValue toJson(Object value) {
        return switch (value) {
            case null -> JsonValue.NULL;
            case Boolean b -> b ? JsonValue.TRUE : JsonValue.FALSE;
            case String s -> Jsonp.PROVIDER.createValue(s);
            case Long l -> Jsonp.PROVIDER.createValue(l);
            case Integer i -> Jsonp.PROVIDER.createValue(i);
            case Double d -> Double.isFinite(d) ? Jsonp.PROVIDER.createValue(d) : JsonValue.NULL;
            // a float keeps its shortest decimal form (1e-5f is written 0.000010, not 9.99999974E-6)
            case Float f -> Float.isFinite(f) ? Jsonp.PROVIDER.createValue(new java.math.BigDecimal(Float.toString(f)))
                    : JsonValue.NULL;
            case Short n -> Jsonp.PROVIDER.createValue(n.intValue());
            case Map<?, ?> m -> {
                JsonObjectBuilder b = Jsonp.object();
                m.forEach((k, v) -> b.add((String) k, toJson(v)));
                yield b.build();
            }
            case List<?> l -> {
                JsonArrayBuilder b = Jsonp.array();
                l.forEach(v -> b.add(toJson(v)));
                yield b.build();
            }
            default -> throw new IllegalArgumentException("not a plain JSON value: " + value.getClass().getName());
        };
    }

    private static Object number(JsonNumber n) {
        if (n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                return n.doubleValue();
            }
        }
        return n.doubleValue();
    }
}
