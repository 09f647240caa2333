package dev.mlxgguf.grammar;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides, conservatively, that no JSON value can match two schemas: they admit different JSON types, or
 * both are objects that require one property whose {@code const}/{@code enum} values differ. Used to accept
 * {@code oneOf} only where generating from any branch matches exactly one. Stateless.
 */
final class Disjointness {

    private static final Set<String> ALL = Set.of("object", "array", "string", "number", "boolean", "null");

    private Disjointness() {
    }

    static boolean disjoint(JsonObject a, JsonObject b, Function<JsonValue, JsonObject> deref) {
        Set<String> ka = kinds(a);
        Set<String> kb = kinds(b);
        Set<String> both = new HashSet<>(ka);
        both.retainAll(kb);
        if (both.isEmpty()) {
            return true;
        }
        if (!both.equals(Set.of("object"))) {
            return false;
        }
        Set<String> ra = required(a);
        for (String p : required(b)) {
            if (!ra.contains(p)) {
                continue;
            }
            List<JsonValue> va = values(property(a, p, deref));
            List<JsonValue> vb = values(property(b, p, deref));
            if (va != null && vb != null && va.stream().noneMatch(x -> vb.stream().anyMatch(y -> equal(x, y)))) {
                return true;
            }
        }
        return false;
    }

    /** The JSON types a schema can produce ("integer" counts as "number"). */
    private static Set<String> kinds(JsonObject s) {
        List<JsonValue> values = values(s);
        if (values != null) {
            Set<String> out = new HashSet<>();
            for (JsonValue v : values) {
                out.add(kind(v));
            }
            return out;
        }
        JsonValue t = s.get("type");
        Set<String> out = new HashSet<>();
        if (t instanceof JsonString n) {
            out.add(n.getString().equals("integer") ? "number" : n.getString());
        } else if (t instanceof JsonArray arr) {
            for (JsonValue x : arr) {
                if (x instanceof JsonString n) {
                    out.add(n.getString().equals("integer") ? "number" : n.getString());
                }
            }
        } else {
            return ALL;
        }
        if (s.get("nullable") == JsonValue.TRUE) {
            out.add("null");
        }
        return out;
    }

    private static String kind(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> "number";
            case TRUE, FALSE -> "boolean";
            case NULL -> "null";
        };
    }

    private static List<JsonValue> values(JsonObject s) {
        if (s == null) {
            return null;
        }
        if (s.containsKey("const")) {
            return List.of(s.get("const"));
        }
        if (s.get("enum") instanceof JsonArray e) {
            return new ArrayList<>(e);
        }
        return null;
    }

    private static Set<String> required(JsonObject s) {
        Set<String> out = new HashSet<>();
        if (s.get("required") instanceof JsonArray r) {
            for (JsonValue v : r) {
                if (v instanceof JsonString n) {
                    out.add(n.getString());
                }
            }
        }
        return out;
    }

    private static JsonObject property(JsonObject s, String name, Function<JsonValue, JsonObject> deref) {
        if (s.get("properties") instanceof JsonObject p && p.containsKey(name)) {
            return deref.apply(p.get(name));
        }
        return null;
    }

    /** JSON equality (numbers by value). */
    static boolean equal(JsonValue x, JsonValue y) {
        if (x instanceof JsonNumber a && y instanceof JsonNumber b) {
            return a.bigDecimalValue().compareTo(b.bigDecimalValue()) == 0;
        }
        return x.equals(y);
    }

    /**
     * @param v    a value
     * @param type a JSON Schema type name
     * @return whether the value has that type
     */
    static boolean isOfType(JsonValue v, String type) {
        return switch (type) {
            case "integer" -> v instanceof JsonNumber n && n.bigDecimalValue().stripTrailingZeros().scale() <= 0;
            default -> kind(v).equals(type);
        };
    }
}
