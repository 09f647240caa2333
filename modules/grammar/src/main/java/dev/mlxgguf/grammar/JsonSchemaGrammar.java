package dev.mlxgguf.grammar;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a JSON Schema (draft 2020-12 keywords) to a {@link Grammar} whose every sentence is a JSON text
 * valid under the schema. Supported: {@code type} (a name or an array; {@code nullable}), {@code properties}
 * (generated in schema order), {@code required}, {@code additionalProperties} (false, true or a schema; absent
 * = no extra properties generated), {@code enum}, {@code const}, {@code anyOf}, {@code oneOf} (branches that
 * cannot overlap), {@code allOf} (merged), local {@code $ref} with {@code $defs}/{@code definitions}
 * (recursion allowed), {@code items}, {@code prefixItems}, {@code minItems}, {@code maxItems},
 * {@code minLength}, {@code maxLength}, {@code minimum}, {@code maximum}, {@code exclusiveMinimum},
 * {@code exclusiveMaximum} (integers and numbers, exact), {@code multipleOf} (integers), {@code pattern}
 * ({@link RegexSubset}) and {@code format} (date, time, date-time, uuid, email, ipv4). Annotations (title,
 * description, default, examples, ...) are accepted. Any other keyword, or a combination the compiler cannot
 * enforce, is a {@link GrammarException} whose {@link GrammarException#where()} is the keyword's JSON pointer.
 *
 * <p>The grammar writes JSON as a compact writer would, with bounded optional whitespace between tokens and
 * no exponents. Stateless; thread-safe.
 */
public final class JsonSchemaGrammar {

    private static final Set<String> ANNOTATIONS = Set.of("title", "description", "$comment", "examples", "default",
            "deprecated", "readOnly", "writeOnly", "$schema", "$id", "$defs", "definitions");
    private static final Set<String> KEYWORDS = Set.of("type", "nullable", "properties", "required",
            "additionalProperties", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "items", "prefixItems",
            "minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum", "exclusiveMinimum",
            "exclusiveMaximum", "multipleOf", "pattern", "format");
    private static final List<String> TYPES = List.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final int MAX_MULTIPLES = 10_000;
    private static final int MAX_MULTIPLE_OF = 1_000;

    private final JsonValue document;
    private final Map<String, Expr> rules;
    private final String prefix;
    private final Map<String, String> refRules = new LinkedHashMap<>();
    private final JsonGrammarParts parts;

    private JsonSchemaGrammar(JsonValue document, Map<String, Expr> rules, String prefix) {
        this.document = document;
        this.rules = rules;
        this.prefix = prefix;
        this.parts = new JsonGrammarParts(rules);
    }

    /**
     * Compiles a schema into a larger grammar's rules: its references become rules named with the prefix, and
     * the shared JSON parts ({@code ws}, {@code string}, ...) are added once to the map whoever needs them.
     *
     * @param schema the schema
     * @param rules  the larger grammar's rules (added to)
     * @param prefix a prefix unique to this schema within the rules, for its own rule names
     * @return the expression of the JSON texts valid under the schema
     * @throws GrammarException naming the JSON pointer of what cannot be compiled
     */
    public static Expr embed(JsonValue schema, Map<String, Expr> rules, String prefix) {
        return new JsonSchemaGrammar(schema, rules, prefix).schema(schema, "");
    }

    /**
     * Like {@link #embed(JsonValue, Map, String)} for a schema inside a document (its references resolve against
     * the document).
     *
     * @param document the whole schema document
     * @param pointer  the JSON pointer of the schema in it
     * @param rules    the larger grammar's rules (added to)
     * @param prefix   a prefix unique to this document within the rules
     * @return the expression of the JSON texts valid under the schema at the pointer
     * @throws GrammarException naming the JSON pointer of what cannot be compiled
     */
    public static Expr embed(JsonValue document, String pointer, Map<String, Expr> rules, String prefix) {
        JsonSchemaGrammar c = new JsonSchemaGrammar(document, rules, prefix);
        return c.schema(c.resolve(pointer, pointer), pointer);
    }

    /**
     * @param rules a grammar's rules (the shared JSON parts are added once)
     * @return the expression of any JSON object
     */
    public static Expr anyObject(Map<String, Expr> rules) {
        return new JsonGrammarParts(rules).object();
    }

    /**
     * @param rules a grammar's rules (the shared JSON parts are added once)
     * @return optional JSON whitespace
     */
    public static Expr whitespace(Map<String, Expr> rules) {
        return new JsonGrammarParts(rules).ws();
    }

    /**
     * @param schema the schema
     * @return the grammar of the JSON texts valid under it
     * @throws GrammarException naming the JSON pointer of what cannot be compiled
     */
    public static Grammar compile(JsonValue schema) {
        JsonSchemaGrammar c = new JsonSchemaGrammar(schema, new LinkedHashMap<>(), "");
        c.rules.put("root", Expr.EMPTY);
        c.rules.put("root", c.schema(schema, ""));
        try {
            return Grammar.of(c.rules, "root");
        } catch (GrammarException e) {
            throw new GrammarException("the schema cannot be generated: " + e.getMessage(), "");
        }
    }

    /** {@return the grammar of any JSON object (response_format json_object)} */
    public static Grammar anyObject() {
        Map<String, Expr> rules = new LinkedHashMap<>();
        JsonGrammarParts p = new JsonGrammarParts(rules);
        rules.put("root", p.object());
        return Grammar.of(rules, "root");
    }

    private Expr schema(JsonValue v, String at) {
        if (v == JsonValue.TRUE) {
            return parts.value();
        }
        if (v == JsonValue.FALSE) {
            throw new GrammarException("the schema false matches nothing", at);
        }
        if (!(v instanceof JsonObject s)) {
            throw new GrammarException("a schema must be an object or a boolean", at);
        }
        for (String key : s.keySet()) {
            if (!KEYWORDS.contains(key) && !ANNOTATIONS.contains(key)) {
                throw new GrammarException("the keyword " + key + " is not supported", at + "/" + pointerToken(key));
            }
            if (key.equals("$id") && !at.isEmpty()) {
                throw new GrammarException("$id is supported only at the root (references resolve against the root)",
                        at + "/$id");
            }
        }
        if (s.containsKey("$ref")) {
            return reference(s, at);
        }
        if (s.containsKey("allOf")) {
            return schema(merged(s, at), at + "/allOf");
        }
        if (s.containsKey("anyOf") || s.containsKey("oneOf")) {
            return union(s, at);
        }
        if (s.containsKey("enum") || s.containsKey("const")) {
            return values(s, at);
        }
        List<String> types = types(s, at);
        List<Expr> options = new ArrayList<>();
        for (String t : types) {
            options.add(switch (t) {
                case "object" -> object(s, at);
                case "array" -> array(s, at);
                case "string" -> string(s, at);
                case "integer" -> integer(s, at);
                case "number" -> number(s, at);
                case "boolean" -> parts.bool();
                default -> Expr.lit("null");
            });
        }
        return Expr.alt(options);
    }

    private List<String> types(JsonObject s, String at) {
        Set<String> out = new LinkedHashSet<>();
        JsonValue t = s.get("type");
        if (t instanceof JsonString name) {
            out.add(typeName(name, at + "/type"));
        } else if (t instanceof JsonArray names && !names.isEmpty()) {
            for (int i = 0; i < names.size(); i++) {
                out.add(typeName(names.get(i), at + "/type/" + i));
            }
        } else if (t != null) {
            throw new GrammarException("type must be a type name or a non-empty array of them", at + "/type");
        } else {
            // no type: generate the types the other keywords describe, or any value
            if (has(s, "properties", "required", "additionalProperties")) {
                out.add("object");
            }
            if (has(s, "items", "prefixItems", "minItems", "maxItems")) {
                out.add("array");
            }
            if (has(s, "minLength", "maxLength", "pattern", "format")) {
                out.add("string");
            }
            if (has(s, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")) {
                out.add(s.containsKey("multipleOf") ? "integer" : "number");
            }
            if (out.isEmpty()) {
                out.addAll(List.of("object", "array", "string", "number", "boolean", "null"));
            }
        }
        if (s.containsKey("nullable")) {
            if (s.get("nullable") == JsonValue.TRUE) {
                out.add("null");
            } else if (s.get("nullable") != JsonValue.FALSE) {
                throw new GrammarException("nullable must be a boolean", at + "/nullable");
            }
        }
        if (out.contains("integer") && out.contains("number")) {
            out.remove("integer");
        }
        return List.copyOf(out);
    }

    private static String typeName(JsonValue v, String at) {
        if (v instanceof JsonString s && TYPES.contains(s.getString())) {
            return s.getString();
        }
        throw new GrammarException("unknown type " + v, at);
    }

    private static boolean has(JsonObject s, String... keys) {
        for (String k : keys) {
            if (s.containsKey(k)) {
                return true;
            }
        }
        return false;
    }

    // ---- references

    private Expr reference(JsonObject s, String at) {
        for (String key : s.keySet()) {
            if (!key.equals("$ref") && !ANNOTATIONS.contains(key)) {
                throw new GrammarException("keywords beside $ref are not supported (wrap them in allOf)", at + "/" + pointerToken(key));
            }
        }
        if (!(s.get("$ref") instanceof JsonString ref)) {
            throw new GrammarException("$ref must be a string", at + "/$ref");
        }
        String pointer = localPointer(ref.getString(), at);
        String name = refRules.get(pointer);
        if (name == null) {
            name = prefix + "ref" + refRules.size() + pointer.replaceAll("[^A-Za-z0-9]+", "-");
            refRules.put(pointer, name);
            rules.put(name, Expr.EMPTY);
            rules.put(name, schema(resolve(pointer, at + "/$ref"), pointer));
        }
        return new Expr.Ref(name);
    }

    private static String localPointer(String ref, String at) {
        if (!ref.startsWith("#") || (ref.length() > 1 && ref.charAt(1) != '/')) {
            throw new GrammarException("only local references (#/...) are supported, not " + ref, at + "/$ref");
        }
        return URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private JsonValue resolve(String pointer, String at) {
        JsonValue v = document;
        if (pointer.isEmpty()) {
            return v;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (v instanceof JsonObject o && o.containsKey(token)) {
                v = o.get(token);
            } else if (v instanceof JsonArray a && token.matches("\\d+") && Integer.parseInt(token) < a.size()) {
                v = a.get(Integer.parseInt(token));
            } else {
                throw new GrammarException("the reference #" + pointer + " points to nothing", at);
            }
        }
        return v;
    }

    private JsonObject deref(JsonValue v, String at) {
        for (int depth = 0; depth < 32; depth++) {
            if (v == JsonValue.TRUE) {
                return JsonValue.EMPTY_JSON_OBJECT;
            }
            if (!(v instanceof JsonObject o)) {
                throw new GrammarException("a schema must be an object or true here", at);
            }
            if (!o.containsKey("$ref")) {
                return o;
            }
            reference(o, at); // checks the form
            v = resolve(localPointer(o.getString("$ref"), at), at);
        }
        throw new GrammarException("a chain of more than 32 references", at);
    }

    // ---- combinators

    private JsonObject merged(JsonObject s, String at) {
        if (!(s.get("allOf") instanceof JsonArray all) || all.isEmpty()) {
            throw new GrammarException("allOf must be a non-empty array", at + "/allOf");
        }
        JsonObject acc = without(s, "allOf");
        for (int i = 0; i < all.size(); i++) {
            JsonObject part = deref(all.get(i), at + "/allOf/" + i);
            if (part.containsKey("allOf")) {
                part = merged(part, at + "/allOf/" + i);
            }
            acc = SchemaMerge.merge(acc, part, at + "/allOf/" + i);
        }
        return acc;
    }

    private Expr union(JsonObject s, String at) {
        if (s.containsKey("anyOf") && s.containsKey("oneOf")) {
            throw new GrammarException("anyOf and oneOf together are not supported", at + "/oneOf");
        }
        String key = s.containsKey("anyOf") ? "anyOf" : "oneOf";
        if (!(s.get(key) instanceof JsonArray branches) || branches.isEmpty()) {
            throw new GrammarException(key + " must be a non-empty array", at + "/" + key);
        }
        JsonObject siblings = without(s, key);
        boolean plain = siblings.keySet().stream().allMatch(ANNOTATIONS::contains);
        List<Expr> options = new ArrayList<>();
        List<JsonObject> resolved = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            String bat = at + "/" + key + "/" + i;
            if (plain) {
                options.add(schema(branches.get(i), bat));
                if (key.equals("oneOf")) {
                    resolved.add(deref(branches.get(i), bat));
                }
            } else {
                JsonObject b = SchemaMerge.merge(siblings, deref(branches.get(i), bat), bat);
                options.add(schema(b, bat));
                resolved.add(b);
            }
        }
        if (key.equals("oneOf")) {
            for (int i = 0; i < resolved.size(); i++) {
                for (int j = i + 1; j < resolved.size(); j++) {
                    if (!Disjointness.disjoint(resolved.get(i), resolved.get(j), this::derefQuiet)) {
                        throw new GrammarException("oneOf branches " + i + " and " + j + " may both match one value; only "
                                + "branches of different types, or objects told apart by a required property with "
                                + "different const or enum values, are supported (or use anyOf)", at + "/oneOf/" + j);
                    }
                }
            }
        }
        return Expr.alt(options);
    }

    private JsonObject derefQuiet(JsonValue v) {
        return deref(v, "");
    }

    private Expr values(JsonObject s, String at) {
        List<JsonValue> values = new ArrayList<>();
        String key = s.containsKey("const") ? "const" : "enum";
        if (s.containsKey("const") && s.containsKey("enum")) {
            throw new GrammarException("const and enum together are not supported", at + "/enum");
        }
        if (key.equals("const")) {
            values.add(s.get("const"));
        } else if (s.get("enum") instanceof JsonArray a && !a.isEmpty()) {
            values.addAll(a);
        } else {
            throw new GrammarException("enum must be a non-empty array", at + "/enum");
        }
        for (String k : s.keySet()) {
            if (!k.equals(key) && !k.equals("type") && !k.equals("nullable") && !ANNOTATIONS.contains(k)) {
                throw new GrammarException(k + " beside " + key + " is not supported", at + "/" + pointerToken(k));
            }
        }
        List<String> types = s.containsKey("type") || s.containsKey("nullable") ? types(s, at) : null;
        List<Expr> options = new ArrayList<>();
        for (JsonValue v : values) {
            if (types == null || types.stream().anyMatch(t -> Disjointness.isOfType(v, t))) {
                options.add(Expr.lit(v.toString()));
            }
        }
        if (options.isEmpty()) {
            throw new GrammarException("no " + key + " value has the schema's type", at + "/" + key);
        }
        return Expr.alt(options);
    }

    // ---- objects

    private Expr object(JsonObject s, String at) {
        Map<String, JsonValue> props = new LinkedHashMap<>();
        if (s.containsKey("properties")) {
            if (!(s.get("properties") instanceof JsonObject p)) {
                throw new GrammarException("properties must be an object", at + "/properties");
            }
            props.putAll(p);
        }
        Set<String> required = new LinkedHashSet<>();
        if (s.containsKey("required")) {
            if (!(s.get("required") instanceof JsonArray r)) {
                throw new GrammarException("required must be an array of names", at + "/required");
            }
            for (int i = 0; i < r.size(); i++) {
                if (!(r.get(i) instanceof JsonString n)) {
                    throw new GrammarException("required must be an array of names", at + "/required/" + i);
                }
                required.add(n.getString());
            }
        }
        JsonValue additional = s.get("additionalProperties");
        if (additional != null && additional.getValueType() != JsonValue.ValueType.TRUE
                && additional.getValueType() != JsonValue.ValueType.FALSE && !(additional instanceof JsonObject)) {
            throw new GrammarException("additionalProperties must be a boolean or a schema", at + "/additionalProperties");
        }
        if (!s.containsKey("properties") && additional == null) {
            additional = JsonValue.TRUE; // {"type": "object"}: any object
        }
        boolean extras = additional != null && additional != JsonValue.FALSE;
        List<String> names = new ArrayList<>(props.keySet());
        List<Expr> members = new ArrayList<>();
        List<Boolean> mandatory = new ArrayList<>();
        for (String name : names) {
            members.add(member(name, schema(props.get(name), at + "/properties/" + pointerToken(name))));
            mandatory.add(required.contains(name));
        }
        for (String name : required) {
            if (!props.containsKey(name)) {
                if (!extras) {
                    throw new GrammarException("required property " + name + " is not allowed by additionalProperties: false",
                            at + "/required");
                }
                names.add(name);
                members.add(member(name, schema(additional, at + "/additionalProperties")));
                mandatory.add(true);
            }
        }
        Expr extra = null;
        if (extras) {
            Expr value = schema(additional, at + "/additionalProperties");
            extra = Expr.seq(otherKey(names), parts.ws(), Expr.lit(":"), parts.ws(), value, parts.ws());
        }
        return Expr.seq(Expr.lit("{"), parts.ws(), membersFrom(0, true, members, mandatory, extra), Expr.lit("}"));
    }

    private Expr member(String name, Expr value) {
        return Expr.seq(Expr.lit("\"" + JsonGrammarParts.escape(name) + "\""), parts.ws(), Expr.lit(":"), parts.ws(),
                value, parts.ws());
    }

    /** The members from index i on; first = no member has been written yet (no comma before the next). */
    private Expr membersFrom(int i, boolean first, List<Expr> members, List<Boolean> mandatory, Expr extra) {
        if (i == members.size()) {
            if (extra == null) {
                return Expr.EMPTY;
            }
            Expr more = new Expr.Repeat(Expr.seq(Expr.lit(","), parts.ws(), extra), 0, -1);
            return first ? Expr.optional(Expr.seq(extra, more)) : more;
        }
        Expr take = Expr.seq(first ? Expr.EMPTY : Expr.seq(Expr.lit(","), parts.ws()), members.get(i),
                membersFrom(i + 1, false, members, mandatory, extra));
        if (mandatory.get(i)) {
            return take;
        }
        return Expr.alt(take, membersFrom(i + 1, first, members, mandatory, extra));
    }

    /** A quoted key, written without escapes, that is none of the given names. */
    private Expr otherKey(List<String> names) {
        CodePoints plain = JsonGrammarParts.PLAIN;
        Expr anyRest = Expr.seq(new Expr.Repeat(new Expr.Chars(plain), 0, -1), Expr.lit("\""));
        return Expr.seq(Expr.lit("\""), notIn(names.stream().map(n -> n.codePoints().toArray()).toList(), 0, plain, anyRest));
    }

    private Expr notIn(List<int[]> names, int depth, CodePoints plain, Expr anyRest) {
        List<Expr> options = new ArrayList<>();
        boolean endsHere = names.stream().anyMatch(n -> n.length == depth);
        if (!endsHere) {
            options.add(Expr.lit("\""));
        }
        Map<Integer, List<int[]>> next = new LinkedHashMap<>();
        for (int[] n : names) {
            if (n.length > depth && plain.contains(n[depth])) {
                next.computeIfAbsent(n[depth], k -> new ArrayList<>()).add(n);
            }
        }
        CodePoints taken = CodePoints.none();
        for (Map.Entry<Integer, List<int[]>> e : next.entrySet()) {
            taken = taken.union(CodePoints.single(e.getKey()));
            options.add(Expr.seq(new Expr.Chars(CodePoints.single(e.getKey())), notIn(e.getValue(), depth + 1, plain, anyRest)));
        }
        CodePoints free = plain.minus(taken);
        if (!free.isEmpty()) {
            options.add(Expr.seq(new Expr.Chars(free), anyRest));
        }
        return Expr.alt(options);
    }

    // ---- arrays

    private Expr array(JsonObject s, String at) {
        List<JsonValue> prefix = new ArrayList<>();
        if (s.containsKey("prefixItems")) {
            if (!(s.get("prefixItems") instanceof JsonArray p)) {
                throw new GrammarException("prefixItems must be an array of schemas", at + "/prefixItems");
            }
            prefix.addAll(p);
        }
        JsonValue items = s.getOrDefault("items", JsonValue.TRUE);
        if (items instanceof JsonArray) {
            throw new GrammarException("items as an array is the old tuple form; use prefixItems", at + "/items");
        }
        int min = count(s, "minItems", at, 0);
        int max = count(s, "maxItems", at, -1);
        if (max >= 0 && max < min) {
            throw new GrammarException("maxItems is below minItems", at + "/maxItems");
        }
        if (items == JsonValue.FALSE) {
            if (min > prefix.size()) {
                throw new GrammarException("minItems needs more items than prefixItems allows with items: false", at + "/minItems");
            }
            max = max < 0 ? prefix.size() : Math.min(max, prefix.size());
        }
        List<Expr> prefixExprs = new ArrayList<>();
        for (int i = 0; i < prefix.size(); i++) {
            prefixExprs.add(Expr.seq(schema(prefix.get(i), at + "/prefixItems/" + i), parts.ws()));
        }
        Expr extra = items == JsonValue.FALSE ? null : Expr.seq(schema(items, at + "/items"), parts.ws());
        // every prefix item is generated when the bounds allow it
        int lo = Math.max(min, max < 0 ? prefix.size() : Math.min(prefix.size(), max));
        return Expr.seq(Expr.lit("["), parts.ws(), itemsFrom(0, lo, max, prefixExprs, extra), Expr.lit("]"));
    }

    private Expr itemsFrom(int i, int lo, int max, List<Expr> prefix, Expr extra) {
        Expr sep = i == 0 ? Expr.EMPTY : Expr.seq(Expr.lit(","), parts.ws());
        if (max >= 0 && i >= max) {
            return Expr.EMPTY;
        }
        if (i >= prefix.size()) {
            // only extra items from here: required ones, then a bounded or open repeat
            int need = Math.max(0, lo - i);
            List<Expr> seq = new ArrayList<>();
            int at = i;
            for (int k = 0; k < need; k++, at++) {
                seq.add(Expr.seq(at == 0 ? Expr.EMPTY : Expr.seq(Expr.lit(","), parts.ws()), extra));
            }
            int room = max < 0 ? -1 : max - at;
            if (room != 0) {
                Expr more = Expr.seq(Expr.lit(","), parts.ws(), extra);
                if (at == 0) {
                    Expr tail = room < 0 ? new Expr.Repeat(more, 0, -1) : new Expr.Repeat(more, 0, room - 1);
                    seq.add(Expr.optional(Expr.seq(extra, tail)));
                } else {
                    seq.add(room < 0 ? new Expr.Repeat(more, 0, -1) : new Expr.Repeat(more, 0, room));
                }
            }
            return new Expr.Seq(seq);
        }
        Expr take = Expr.seq(sep, prefix.get(i), itemsFrom(i + 1, lo, max, prefix, extra));
        return i < lo ? take : Expr.optional(take);
    }

    private static int count(JsonObject s, String key, String at, int absent) {
        JsonValue v = s.get(key);
        if (v == null) {
            return absent;
        }
        if (v instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().signum() >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(100_000)) <= 0) {
            return n.intValue();
        }
        throw new GrammarException(key + " must be an integer in [0, 100000]", at + "/" + key);
    }

    // ---- strings

    private Expr string(JsonObject s, String at) {
        int min = count(s, "minLength", at, 0);
        int max = count(s, "maxLength", at, -1);
        if (max >= 0 && max < min) {
            throw new GrammarException("maxLength is below minLength", at + "/maxLength");
        }
        boolean lengths = s.containsKey("minLength") || s.containsKey("maxLength");
        if (s.containsKey("format")) {
            if (!(s.get("format") instanceof JsonString f)) {
                throw new GrammarException("format must be a string", at + "/format");
            }
            if (lengths || s.containsKey("pattern")) {
                throw new GrammarException("format together with pattern, minLength or maxLength is not supported",
                        at + "/format");
            }
            Expr e = parts.format(f.getString());
            if (e == null) {
                throw new GrammarException("the format " + f.getString() + " is not supported (date, time, date-time, "
                        + "uuid, email, ipv4 are)", at + "/format");
            }
            return e;
        }
        if (s.containsKey("pattern")) {
            if (!(s.get("pattern") instanceof JsonString p)) {
                throw new GrammarException("pattern must be a string", at + "/pattern");
            }
            if (lengths) {
                throw new GrammarException("pattern together with minLength or maxLength is not supported", at + "/pattern");
            }
            try {
                return Expr.seq(Expr.lit("\""), JsonGrammarParts.encoded(RegexSubset.parse(p.getString())), Expr.lit("\""));
            } catch (IllegalArgumentException e) {
                throw new GrammarException("pattern: " + e.getMessage(), at + "/pattern");
            }
        }
        return parts.string(min, max);
    }

    // ---- numbers

    private Expr integer(JsonObject s, String at) {
        Bounds b = bounds(s, at);
        BigInteger lo = null;
        BigInteger hi = null;
        if (b.lo != null) {
            lo = b.loExcl ? b.lo.setScale(0, RoundingMode.FLOOR).toBigInteger().add(BigInteger.ONE)
                    : b.lo.setScale(0, RoundingMode.CEILING).toBigInteger();
        }
        if (b.hi != null) {
            hi = b.hiExcl ? b.hi.setScale(0, RoundingMode.CEILING).toBigInteger().subtract(BigInteger.ONE)
                    : b.hi.setScale(0, RoundingMode.FLOOR).toBigInteger();
        }
        if (lo != null && hi != null && lo.compareTo(hi) > 0) {
            throw new GrammarException("no integer lies within the bounds", at);
        }
        if (s.containsKey("multipleOf")) {
            return multiples(s, lo, hi, at);
        }
        if (lo == null && hi == null) {
            return parts.integer();
        }
        return NumberRanges.integers(lo, hi);
    }

    private Expr number(JsonObject s, String at) {
        if (s.containsKey("multipleOf")) {
            throw new GrammarException("multipleOf is supported for integers only", at + "/multipleOf");
        }
        Bounds b = bounds(s, at);
        if (b.lo == null && b.hi == null) {
            return parts.number();
        }
        if (b.lo != null && b.hi != null) {
            int c = b.lo.compareTo(b.hi);
            if (c > 0 || (c == 0 && (b.loExcl || b.hiExcl))) {
                throw new GrammarException("no number lies within the bounds", at);
            }
        }
        return NumberRanges.decimals(b.lo, b.loExcl, b.hi, b.hiExcl);
    }

    private record Bounds(BigDecimal lo, boolean loExcl, BigDecimal hi, boolean hiExcl) {
    }

    private static Bounds bounds(JsonObject s, String at) {
        BigDecimal min = decimal(s, "minimum", at);
        BigDecimal xmin = decimal(s, "exclusiveMinimum", at);
        BigDecimal max = decimal(s, "maximum", at);
        BigDecimal xmax = decimal(s, "exclusiveMaximum", at);
        BigDecimal lo = min;
        boolean loExcl = false;
        if (xmin != null && (lo == null || xmin.compareTo(lo) >= 0)) {
            lo = xmin;
            loExcl = true;
        }
        BigDecimal hi = max;
        boolean hiExcl = false;
        if (xmax != null && (hi == null || xmax.compareTo(hi) <= 0)) {
            hi = xmax;
            hiExcl = true;
        }
        return new Bounds(lo, loExcl, hi, hiExcl);
    }

    private static BigDecimal decimal(JsonObject s, String key, String at) {
        JsonValue v = s.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof JsonNumber n)) {
            throw new GrammarException(key + " must be a number", at + "/" + key);
        }
        BigDecimal d = n.bigDecimalValue();
        if (d.abs().compareTo(BigDecimal.TEN.pow(40)) > 0 || d.scale() > 40) {
            throw new GrammarException(key + " must have at most 40 digits before and after the point", at + "/" + key);
        }
        return d;
    }

    private Expr multiples(JsonObject s, BigInteger lo, BigInteger hi, String at) {
        BigDecimal step = decimal(s, "multipleOf", at);
        if (step == null || step.signum() <= 0 || step.stripTrailingZeros().scale() > 0) {
            throw new GrammarException("multipleOf must be a positive integer", at + "/multipleOf");
        }
        BigInteger m = step.toBigIntegerExact();
        if (lo != null && hi != null) {
            BigInteger first = ceilDiv(lo, m).multiply(m);
            List<String> values = new ArrayList<>();
            for (BigInteger v = first; v.compareTo(hi) <= 0; v = v.add(m)) {
                if (values.size() == MAX_MULTIPLES) {
                    throw new GrammarException("multipleOf with more than " + MAX_MULTIPLES + " multiples inside the bounds "
                            + "is not supported", at + "/multipleOf");
                }
                values.add(v.toString());
            }
            if (values.isEmpty()) {
                throw new GrammarException("no multiple of " + m + " lies within the bounds", at + "/multipleOf");
            }
            return literalTrie(values, 0);
        }
        boolean naturalsOnly = lo != null && lo.signum() == 0;
        boolean negativesOnly = hi != null && hi.signum() == 0;
        if ((lo != null && !naturalsOnly) || (hi != null && !negativesOnly)) {
            throw new GrammarException("multipleOf with a one-sided bound other than 0 is not supported", at + "/multipleOf");
        }
        if (m.compareTo(BigInteger.valueOf(MAX_MULTIPLE_OF)) > 0) {
            throw new GrammarException("multipleOf above " + MAX_MULTIPLE_OF + " without both bounds is not supported",
                    at + "/multipleOf");
        }
        String name = "multiple-of-" + m;
        int k = m.intValue();
        if (!rules.containsKey(name)) {
            // remainder automaton over the digits: rule <name>-r reads the rest of a number whose prefix is r mod m
            for (int r = 0; r < k; r++) {
                rules.put(name + "-" + r, Expr.EMPTY);
            }
            for (int r = 0; r < k; r++) {
                List<Expr> options = new ArrayList<>();
                if (r == 0) {
                    options.add(Expr.EMPTY);
                }
                for (int d = 0; d <= 9; d++) {
                    options.add(Expr.seq(Expr.lit(String.valueOf(d)), new Expr.Ref(name + "-" + ((10 * r + d) % k))));
                }
                rules.put(name + "-" + r, Expr.alt(options));
            }
            List<Expr> top = new ArrayList<>();
            for (int d = 1; d <= 9; d++) {
                top.add(Expr.seq(Expr.lit(String.valueOf(d)), new Expr.Ref(name + "-" + (d % k))));
            }
            rules.put(name, Expr.alt(top));
        }
        Expr positive = new Expr.Ref(name);
        if (naturalsOnly) {
            return Expr.alt(Expr.lit("0"), positive);
        }
        if (negativesOnly) {
            return Expr.alt(Expr.lit("0"), Expr.seq(Expr.lit("-"), positive));
        }
        return Expr.alt(Expr.lit("0"), positive, Expr.seq(Expr.lit("-"), positive));
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    /** Distinct ASCII strings as a trie-shaped expression (shared prefixes once). */
    private static Expr literalTrie(List<String> values, int depth) {
        Map<Character, List<String>> next = new LinkedHashMap<>();
        boolean end = false;
        for (String v : values) {
            if (v.length() == depth) {
                end = true;
            } else {
                next.computeIfAbsent(v.charAt(depth), c -> new ArrayList<>()).add(v);
            }
        }
        List<Expr> options = new ArrayList<>();
        if (end) {
            options.add(Expr.EMPTY);
        }
        next.forEach((c, vs) -> options.add(Expr.seq(Expr.lit(String.valueOf(c)), literalTrie(vs, depth + 1))));
        return Expr.alt(options);
    }

    // ---- helpers

    private static JsonObject without(JsonObject s, String key) {
        var b = Jsonp.object();
        s.forEach((k, v) -> {
            if (!k.equals(key)) {
                b.add(k, v);
            }
        });
        return b.build();
    }

    static String pointerToken(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
