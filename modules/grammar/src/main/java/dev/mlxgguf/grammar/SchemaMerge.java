package dev.mlxgguf.grammar;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges the members of an {@code allOf} into one schema that admits only values valid under both: types
 * intersected, properties merged (a property in both becomes an {@code allOf} of its two schemas), required
 * names united, bounds tightened, enums intersected. Where one side forbids additional properties, properties
 * only the other side names are dropped (and refused if required). Keywords that cannot be merged (two
 * different patterns, formats, multiples, prefixItems or unions) are a {@link GrammarException}. Stateless.
 */
final class SchemaMerge {

    private static final Set<String> LOWER = Set.of("minimum", "exclusiveMinimum", "minLength", "minItems");
    private static final Set<String> UPPER = Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems");

    private SchemaMerge() {
    }

    static JsonObject merge(JsonObject a, JsonObject b, String at) {
        Map<String, JsonValue> out = new LinkedHashMap<>(a);
        for (Map.Entry<String, JsonValue> e : b.entrySet()) {
            String k = e.getKey();
            JsonValue vb = e.getValue();
            JsonValue va = a.get(k);
            if (va == null) {
                out.put(k, vb);
                continue;
            }
            out.put(k, switch (k) {
                case "type" -> types(va, vb, at);
                case "properties" -> properties(as(JsonObject.class, va, at, k), as(JsonObject.class, vb, at, k));
                case "required" -> union(as(JsonArray.class, va, at, k), as(JsonArray.class, vb, at, k));
                case "additionalProperties", "items" -> both(va, vb);
                case "enum" -> intersect(as(JsonArray.class, va, at, k), as(JsonArray.class, vb, at, k), at);
                case "nullable" -> va == JsonValue.TRUE && vb == JsonValue.TRUE ? JsonValue.TRUE : JsonValue.FALSE;
                default -> {
                    if (LOWER.contains(k)) {
                        yield compare(va, vb, at, k) >= 0 ? va : vb;
                    }
                    if (UPPER.contains(k)) {
                        yield compare(va, vb, at, k) <= 0 ? va : vb;
                    }
                    if (Disjointness.equal(va, vb) || k.startsWith("$") || Set.of("title", "description", "examples",
                            "default", "deprecated", "readOnly", "writeOnly", "definitions").contains(k)) {
                        yield va;
                    }
                    throw new GrammarException("allOf members with different " + k + " values cannot be merged",
                            at + "/" + JsonSchemaGrammar.pointerToken(k));
                }
            });
        }
        restrictClosed(a, b, out, at);
        restrictClosed(b, a, out, at);
        return build(out);
    }

    /** Where {@code closed} forbids additional properties, drops the properties only {@code other} names. */
    private static void restrictClosed(JsonObject closed, JsonObject other, Map<String, JsonValue> out, String at) {
        if (closed.get("additionalProperties") != JsonValue.FALSE || !(out.get("properties") instanceof JsonObject props)) {
            return;
        }
        Set<String> allowed = closed.get("properties") instanceof JsonObject p ? p.keySet() : Set.of();
        Map<String, JsonValue> kept = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (allowed.contains(k)) {
                kept.put(k, v);
            }
        });
        if (out.get("required") instanceof JsonArray r) {
            for (JsonValue n : r) {
                if (n instanceof JsonString s && !allowed.contains(s.getString())) {
                    throw new GrammarException("allOf requires " + s.getString() + " but a member forbids it with "
                            + "additionalProperties: false", at);
                }
            }
        }
        out.put("properties", build(kept));
    }

    private static JsonValue types(JsonValue va, JsonValue vb, String at) {
        Set<String> a = names(va);
        Set<String> b = names(vb);
        Set<String> out = new LinkedHashSet<>();
        for (String t : a) {
            if (b.contains(t) || (t.equals("integer") && b.contains("number"))) {
                out.add(t);
            } else if (t.equals("number") && b.contains("integer")) {
                out.add("integer");
            }
        }
        if (out.isEmpty()) {
            throw new GrammarException("allOf members have no type in common", at + "/type");
        }
        JsonArrayBuilder arr = Jsonp.array();
        out.forEach(arr::add);
        return arr.build();
    }

    private static Set<String> names(JsonValue t) {
        Set<String> out = new LinkedHashSet<>();
        if (t instanceof JsonString s) {
            out.add(s.getString());
        } else if (t instanceof JsonArray arr) {
            for (JsonValue v : arr) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    private static JsonObject properties(JsonObject a, JsonObject b) {
        Map<String, JsonValue> out = new LinkedHashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, SchemaMerge::both));
        return build(out);
    }

    private static JsonValue both(JsonValue a, JsonValue b) {
        if (a == JsonValue.FALSE || b == JsonValue.FALSE) {
            return JsonValue.FALSE;
        }
        if (a == JsonValue.TRUE) {
            return b;
        }
        if (b == JsonValue.TRUE) {
            return a;
        }
        return Jsonp.object().add("allOf", Jsonp.array().add(a).add(b)).build();
    }

    private static JsonArray union(JsonArray a, JsonArray b) {
        Set<JsonValue> out = new LinkedHashSet<>(a);
        out.addAll(b);
        JsonArrayBuilder arr = Jsonp.array();
        out.forEach(arr::add);
        return arr.build();
    }

    private static JsonArray intersect(JsonArray a, JsonArray b, String at) {
        List<JsonValue> out = new ArrayList<>();
        for (JsonValue x : a) {
            if (b.stream().anyMatch(y -> Disjointness.equal(x, y))) {
                out.add(x);
            }
        }
        if (out.isEmpty()) {
            throw new GrammarException("allOf members have no enum value in common", at + "/enum");
        }
        JsonArrayBuilder arr = Jsonp.array();
        out.forEach(arr::add);
        return arr.build();
    }

    private static int compare(JsonValue a, JsonValue b, String at, String k) {
        if (a instanceof JsonNumber x && b instanceof JsonNumber y) {
            return x.bigDecimalValue().compareTo(y.bigDecimalValue());
        }
        throw new GrammarException(k + " must be a number", at + "/" + k);
    }

    private static <T> T as(Class<T> type, JsonValue v, String at, String k) {
        if (!type.isInstance(v)) {
            throw new GrammarException(k + " has the wrong type", at + "/" + JsonSchemaGrammar.pointerToken(k));
        }
        return type.cast(v);
    }

    private static JsonObject build(Map<String, JsonValue> m) {
        JsonObjectBuilder b = Jsonp.object();
        m.forEach(b::add);
        return b.build();
    }
}
