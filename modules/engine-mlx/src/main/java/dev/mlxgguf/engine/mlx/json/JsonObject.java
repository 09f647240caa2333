package dev.mlxgguf.engine.mlx.json;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed JSON object with typed accessors. A missing key and a JSON {@code null} both read as absent;
 * a present value of the wrong type is a {@link JsonException} naming the key. Immutable.
 */
public final class JsonObject {

    private final Map<String, Object> map;

    JsonObject(Map<String, Object> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    /** {@return the keys, in file order} */
    public Set<String> keys() {
        return map.keySet();
    }

    /** {@return the underlying map (unmodifiable; values are parser values)} */
    public Map<String, Object> asMap() {
        return map;
    }

    /**
     * @param key a key
     * @return whether the key is present with a non-null value
     */
    public boolean has(String key) {
        return map.get(key) != null;
    }

    /**
     * @param key a key
     * @return the raw value, or null
     */
    public Object raw(String key) {
        return map.get(key);
    }

    /**
     * @param key a key
     * @return the string value
     * @throws JsonException if present and not a string
     */
    public Optional<String> string(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String s) {
            return Optional.of(s);
        }
        throw wrongType(key, "a string");
    }

    /**
     * @param key a key
     * @return the integer value
     * @throws JsonException if present and not an integer in the int range
     */
    public OptionalInt integer(String key) {
        OptionalLong v = longValue(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() < Integer.MIN_VALUE || v.getAsLong() > Integer.MAX_VALUE) {
            throw new JsonException("\"" + key + "\" is out of range");
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    /**
     * @param key a key
     * @return the integer value
     * @throws JsonException if present and not an integer
     */
    public OptionalLong longValue(String key) {
        Object v = map.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof Long l) {
            return OptionalLong.of(l);
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9.0e15) {
            return OptionalLong.of(d.longValue());
        }
        throw wrongType(key, "an integer");
    }

    /**
     * @param key a key
     * @return the numeric value
     * @throws JsonException if present and not a number
     */
    public OptionalDouble number(String key) {
        Object v = map.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        if (v instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        throw wrongType(key, "a number");
    }

    /**
     * @param key a key
     * @return the boolean value
     * @throws JsonException if present and not a boolean
     */
    public Optional<Boolean> bool(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        throw wrongType(key, "a boolean");
    }

    /**
     * @param key a key
     * @return the object value
     * @throws JsonException if present and not an object
     */
    public Optional<JsonObject> object(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof JsonObject o) {
            return Optional.of(o);
        }
        throw wrongType(key, "an object");
    }

    /**
     * @param key a key
     * @return the array value
     * @throws JsonException if present and not an array
     */
    public Optional<List<Object>> array(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) l;
            return Optional.of(list);
        }
        throw wrongType(key, "an array");
    }

    /**
     * @param key a key
     * @return the string value
     * @throws JsonException if absent or not a string
     */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    /**
     * @param key a key
     * @return the integer value
     * @throws JsonException if absent or not an int
     */
    public int requireInt(String key) {
        return integer(key).orElseThrow(() -> missing(key));
    }

    /**
     * @param key a key
     * @return the object value
     * @throws JsonException if absent or not an object
     */
    public JsonObject requireObject(String key) {
        return object(key).orElseThrow(() -> missing(key));
    }

    /**
     * @param key a key
     * @return the array value
     * @throws JsonException if absent or not an array
     */
    public List<Object> requireArray(String key) {
        return array(key).orElseThrow(() -> missing(key));
    }

    private static JsonException missing(String key) {
        return new JsonException("\"" + key + "\" is missing");
    }

    private static JsonException wrongType(String key, String what) {
        return new JsonException("\"" + key + "\" must be " + what);
    }

    @Override
    public String toString() {
        return "JsonObject" + map.keySet();
    }
}
