package dev.mlxgguf.engine.mlx.metadata;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A model-metadata JSON object ({@code config.json}, {@code tokenizer.json}, safetensors headers, adapter
 * configs) with typed accessors, parsed by JSON-P ({@link Jsonp}: duplicate keys and excessive nesting are
 * errors, so a hostile file cannot smuggle in a second value for a key or exhaust the stack). Values are
 * plain: nested objects are {@code Metadata}, arrays unmodifiable {@link List}s, numbers {@link Long}
 * (integers that fit) or {@link Double}, {@code null} a Java {@code null}. A missing key and a JSON
 * {@code null} both read as absent; a present value of the wrong type is a {@link MetadataException}
 * naming the key. Immutable.
 */
public final class Metadata {

    private final Map<String, Object> map;

    private Metadata(Map<String, Object> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    /**
     * Parses text whose top-level value must be an object.
     *
     * @param text the JSON text
     * @return the object
     * @throws MetadataException if the text is not a JSON object (with the position for malformed JSON)
     */
    public static Metadata parse(String text) {
        JsonValue v;
        try {
            v = Jsonp.parse(text);
        } catch (JsonParsingException e) {
            throw new MetadataException(e.getMessage() + " (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ")");
        } catch (JsonException e) {
            throw new MetadataException(e.getMessage());
        }
        if (v instanceof JsonObject o) {
            return of(o);
        }
        throw new MetadataException("the top-level JSON value is not an object");
    }

    private static Metadata of(JsonObject o) {
        Map<String, Object> m = new LinkedHashMap<>(Math.max(4, o.size() * 4 / 3 + 1));
        o.forEach((k, v) -> m.put(k, plain(v)));
        return new Metadata(m);
    }

    private static Object plain(JsonValue v) {
        return switch (v.getValueType()) {
            case NULL -> null;
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> {
                JsonNumber n = (JsonNumber) v;
                if (n.isIntegral()) {
                    try {
                        yield n.longValueExact();
                    } catch (ArithmeticException e) {
                        yield n.doubleValue();
                    }
                }
                yield n.doubleValue();
            }
            case ARRAY -> {
                JsonArray a = (JsonArray) v;
                List<Object> list = new ArrayList<>(a.size());
                for (JsonValue e : a) {
                    list.add(plain(e));
                }
                yield Collections.unmodifiableList(list);
            }
            case OBJECT -> of((JsonObject) v);
        };
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
     * @throws MetadataException if present and not a string
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
     * @throws MetadataException if present and not an integer in the int range
     */
    public OptionalInt integer(String key) {
        OptionalLong v = longValue(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        if (v.getAsLong() < Integer.MIN_VALUE || v.getAsLong() > Integer.MAX_VALUE) {
            throw new MetadataException("\"" + key + "\" is out of range");
        }
        return OptionalInt.of((int) v.getAsLong());
    }

    /**
     * @param key a key
     * @return the integer value
     * @throws MetadataException if present and not an integer
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
     * @throws MetadataException if present and not a number
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
     * @throws MetadataException if present and not a boolean
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
     * @throws MetadataException if present and not an object
     */
    public Optional<Metadata> object(String key) {
        Object v = map.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Metadata o) {
            return Optional.of(o);
        }
        throw wrongType(key, "an object");
    }

    /**
     * @param key a key
     * @return the array value
     * @throws MetadataException if present and not an array
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
     * @throws MetadataException if absent or not a string
     */
    public String requireString(String key) {
        return string(key).orElseThrow(() -> missing(key));
    }

    /**
     * @param key a key
     * @return the integer value
     * @throws MetadataException if absent or not an int
     */
    public int requireInt(String key) {
        return integer(key).orElseThrow(() -> missing(key));
    }

    /**
     * @param key a key
     * @return the object value
     * @throws MetadataException if absent or not an object
     */
    public Metadata requireObject(String key) {
        return object(key).orElseThrow(() -> missing(key));
    }

    /**
     * @param key a key
     * @return the array value
     * @throws MetadataException if absent or not an array
     */
    public List<Object> requireArray(String key) {
        return array(key).orElseThrow(() -> missing(key));
    }

    private static MetadataException missing(String key) {
        return new MetadataException("\"" + key + "\" is missing");
    }

    private static MetadataException wrongType(String key, String what) {
        return new MetadataException("\"" + key + "\" must be " + what);
    }

    @Override
    public String toString() {
        return "Metadata" + map.keySet();
    }
}
