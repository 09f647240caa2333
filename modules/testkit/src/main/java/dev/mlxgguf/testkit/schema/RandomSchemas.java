package dev.mlxgguf.testkit.schema;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of JSON Schemas inside the subset the server enforces: nested objects (required and
 * optional properties, closed or open), arrays (items, prefixItems, bounds), strings (length bounds, enums,
 * formats, patterns), integer and number ranges (inclusive and exclusive, integer multiples), booleans,
 * nulls and nullable types, anyOf, oneOf over different types, allOf of objects, and {@code $ref} into
 * {@code $defs} (recursive ones included). Strings and arrays are mostly bounded so that a random model
 * finishes its answer within a few hundred tokens. Not thread-safe.
 */
public final class RandomSchemas {

    private static final String[] FORMATS = {"date", "time", "date-time", "uuid", "email", "ipv4"};
    private static final String[] PATTERNS = {"^[a-z]{2,5}$", "^[A-Z][a-z]*-\\d{2}$", "^(yes|no|maybe)$",
            "^\\w{3}\\.\\w{1,3}$", "^[0-9a-f]{4}$", "^(\\+|-)?\\d{1,3}(,\\d{3})?$", "^[^\"\\\\]{1,4}\"$"};
    private static final String[] WORDS = {"red", "green", "blue", "ünïcödé", "with \"quote\"", "back\\slash",
            "tab\there", "", "a", "Zz"};

    private final SplittableRandom rnd;
    private int names;

    /** @param seed the seed: equal seeds give equal schemas */
    public RandomSchemas(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** {@return the next schema: an object at the root, as OpenAI's structured outputs require} */
    public JsonObject next() {
        names = 0;
        JsonObjectBuilder root = object(0);
        if (rnd.nextInt(4) == 0) {
            // a recursive definition reached through $ref
            JsonObjectBuilder node = Jsonp.object().add("type", "object")
                    .add("properties", Jsonp.object()
                            .add("v", Jsonp.object().add("type", "integer").add("minimum", 0).add("maximum", 99))
                            .add("kids", Jsonp.object().add("type", "array").add("maxItems", 2)
                                    .add("items", Jsonp.object().add("$ref", "#/$defs/node"))))
                    .add("required", Jsonp.array().add("v").add("kids"))
                    .add("additionalProperties", false);
            JsonObjectBuilder b = Jsonp.object().add("type", "object")
                    .add("properties", Jsonp.object().add("tree", Jsonp.object().add("$ref", "#/$defs/node"))
                            .add("other", any(2)))
                    .add("required", Jsonp.array().add("tree"))
                    .add("$defs", Jsonp.object().add("node", node));
            return b.build();
        }
        return root.build();
    }

    private JsonObjectBuilder any(int depth) {
        int pick = rnd.nextInt(depth >= 3 ? 7 : 12);
        return switch (pick) {
            case 0 -> string();
            case 1 -> integer();
            case 2 -> number();
            case 3 -> Jsonp.object().add("type", "boolean");
            case 4 -> enumeration();
            case 5 -> nullable(depth);
            case 6 -> Jsonp.object().add("const", rnd.nextBoolean() ? Jsonp.string(word()) : Jsonp.object().add("k", 1).build());
            case 7, 8 -> object(depth + 1);
            case 9 -> array(depth + 1);
            case 10 -> anyOf(depth + 1);
            default -> rnd.nextBoolean() ? oneOf(depth + 1) : allOf(depth + 1);
        };
    }

    private JsonObjectBuilder object(int depth) {
        JsonObjectBuilder props = Jsonp.object();
        JsonArrayBuilder required = Jsonp.array();
        int n = 1 + rnd.nextInt(4);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String key = rnd.nextInt(8) == 0 ? "k\"" + i + "é" : "p" + (names++);
            keys.add(key);
            props.add(key, any(depth));
            if (rnd.nextInt(3) != 0) {
                required.add(key);
            }
        }
        JsonObjectBuilder b = Jsonp.object().add("type", "object").add("properties", props).add("required", required);
        switch (rnd.nextInt(4)) {
            case 0 -> b.add("additionalProperties", true);
            case 1 -> b.add("additionalProperties", Jsonp.object().add("type", "integer").add("minimum", -5).add("maximum", 5));
            case 2 -> b.add("additionalProperties", false);
            default -> {
            }
        }
        return b;
    }

    private JsonObjectBuilder array(int depth) {
        JsonObjectBuilder b = Jsonp.object().add("type", "array");
        int min = rnd.nextInt(3);
        if (rnd.nextInt(3) == 0) {
            JsonArrayBuilder prefix = Jsonp.array();
            int k = 1 + rnd.nextInt(3);
            for (int i = 0; i < k; i++) {
                prefix.add(any(depth + 1));
            }
            b.add("prefixItems", prefix);
            b.add("items", rnd.nextBoolean() ? Jsonp.object().add("type", "boolean").build() : jakarta.json.JsonValue.FALSE);
            b.add("maxItems", k + 1);
        } else {
            b.add("items", any(depth + 1));
            b.add("minItems", min);
            b.add("maxItems", min + rnd.nextInt(4));
        }
        return b;
    }

    private JsonObjectBuilder string() {
        JsonObjectBuilder b = Jsonp.object().add("type", "string");
        switch (rnd.nextInt(6)) {
            case 0 -> b.add("format", FORMATS[rnd.nextInt(FORMATS.length)]);
            case 1 -> b.add("pattern", PATTERNS[rnd.nextInt(PATTERNS.length)]);
            default -> {
                int min = rnd.nextInt(3);
                b.add("minLength", min).add("maxLength", min + rnd.nextInt(8));
            }
        }
        return b;
    }

    private JsonObjectBuilder integer() {
        JsonObjectBuilder b = Jsonp.object().add("type", "integer");
        long lo = rnd.nextLong(-2000, 2000);
        long hi = lo + rnd.nextLong(0, 5000);
        switch (rnd.nextInt(5)) {
            case 0 -> b.add("minimum", lo);
            case 1 -> b.add("maximum", hi);
            case 2 -> b.add("minimum", lo).add("maximum", hi);
            case 3 -> b.add("exclusiveMinimum", lo).add("exclusiveMaximum", hi + 2);
            default -> b.add("minimum", lo).add("maximum", lo + 600).add("multipleOf", 1 + rnd.nextInt(40));
        }
        return b;
    }

    private JsonObjectBuilder number() {
        JsonObjectBuilder b = Jsonp.object().add("type", "number");
        BigDecimal lo = BigDecimal.valueOf(rnd.nextLong(-100000, 100000), rnd.nextInt(4));
        BigDecimal hi = lo.add(BigDecimal.valueOf(rnd.nextLong(1, 100000), rnd.nextInt(4)));
        switch (rnd.nextInt(4)) {
            case 0 -> b.add("minimum", lo).add("maximum", hi);
            case 1 -> b.add("exclusiveMinimum", lo).add("maximum", hi);
            case 2 -> b.add("minimum", lo).add("exclusiveMaximum", hi);
            default -> b.add("exclusiveMinimum", lo);
        }
        return b;
    }

    private JsonObjectBuilder enumeration() {
        JsonArrayBuilder values = Jsonp.array();
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(3)) {
                case 0 -> values.add(word() + i);
                case 1 -> values.add(rnd.nextInt(-50, 50));
                default -> values.add(i == 0 ? jakarta.json.JsonValue.NULL : jakarta.json.JsonValue.TRUE);
            }
        }
        return Jsonp.object().add("enum", values);
    }

    private JsonObjectBuilder nullable(int depth) {
        return rnd.nextBoolean()
                ? Jsonp.object().add("type", Jsonp.array().add("string").add("null")).add("maxLength", 5)
                : Jsonp.object().add("anyOf", Jsonp.array().add(integer()).add(Jsonp.object().add("type", "null")));
    }

    private JsonObjectBuilder anyOf(int depth) {
        return Jsonp.object().add("anyOf", Jsonp.array().add(any(depth)).add(any(depth)));
    }

    private JsonObjectBuilder oneOf(int depth) {
        // different types, or objects told apart by a required const property
        if (rnd.nextBoolean()) {
            return Jsonp.object().add("oneOf", Jsonp.array().add(string()).add(integer()).add(Jsonp.object().add("type", "null")));
        }
        JsonArrayBuilder branches = Jsonp.array();
        for (String kind : new String[] {"circle", "square"}) {
            branches.add(Jsonp.object().add("type", "object")
                    .add("properties", Jsonp.object().add("kind", Jsonp.object().add("const", kind)).add("size", number()))
                    .add("required", Jsonp.array().add("kind").add("size")));
        }
        return Jsonp.object().add("oneOf", branches);
    }

    private JsonObjectBuilder allOf(int depth) {
        return Jsonp.object().add("allOf", Jsonp.array()
                .add(Jsonp.object().add("type", "object").add("properties", Jsonp.object().add("id", integer()))
                        .add("required", Jsonp.array().add("id")))
                .add(Jsonp.object().add("properties", Jsonp.object().add("tag", string())
                        .add("id", Jsonp.object().add("minimum", -10000)))));
    }

    private String word() {
        return WORDS[rnd.nextInt(WORDS.length)];
    }
}
