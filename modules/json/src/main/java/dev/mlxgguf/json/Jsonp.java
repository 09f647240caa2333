package dev.mlxgguf.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonConfig;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one JSON-P entry point of the project. The provider and its factories are looked up once (plain
 * {@code Json.create*} calls look the provider up on every call). Readers reject duplicate object keys
 * ({@link JsonConfig.KeyStrategy#NONE}), so a hostile body or model file cannot carry two values for one
 * key; nesting is bounded by Parsson's depth limit.
 *
 * <p>Stateless and thread-safe.
 */
public final class Jsonp {

    static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS =
            PROVIDER.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));
    private static final JsonReaderFactory LAST_KEY_READERS =
            PROVIDER.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.LAST));
    private static final JsonParserFactory PARSERS = PROVIDER.createParserFactory(Map.of());
    private static final JsonBuilderFactory BUILDERS = PROVIDER.createBuilderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = PROVIDER.createWriterFactory(Map.of());
    private static final JsonWriterFactory PRETTY =
            PROVIDER.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private Jsonp() {
    }

    /** {@return a new object builder} */
    public static JsonObjectBuilder object() {
        return BUILDERS.createObjectBuilder();
    }

    /**
     * @param base an object to start from
     * @return a new object builder holding {@code base}'s members
     */
    public static JsonObjectBuilder object(JsonObject base) {
        return BUILDERS.createObjectBuilder(base);
    }

    /** {@return a new array builder} */
    public static JsonArrayBuilder array() {
        return BUILDERS.createArrayBuilder();
    }

    /**
     * @param text a string
     * @return it as a JSON string value
     */
    public static JsonString string(String text) {
        return PROVIDER.createValue(text);
    }

    /**
     * The JSON text of a string: quoted and escaped as JSON-P writes it.
     *
     * @param text a string
     * @return {@code "..."} with the escapes JSON requires
     */
    public static String quote(String text) {
        return PROVIDER.createValue(text).toString();
    }

    /**
     * Parses one JSON value.
     *
     * @param text the JSON text
     * @return the value
     * @throws JsonException for malformed JSON, including text after the value ({@link JsonParsingException} with the
     *                       location), a duplicate key, or a number no Java number can hold (an exponent past
     *                       the {@code int} range, such as {@code 1e99999999999})
     */
    public static JsonValue parse(String text) {
        return read(READERS, text);
    }

    /**
     * Parses JSON text a model generated, where a repeated key keeps its last value (as {@code JSON.parse} and
     * Python's {@code json.loads} read it): no grammar can keep a model from writing an open object's key twice.
     *
     * @param text the JSON text
     * @return the value
     * @throws JsonException as {@link #parse(String)}, except for duplicate keys
     */
    public static JsonValue parseGenerated(String text) {
        return read(LAST_KEY_READERS, text);
    }

    private static JsonValue read(JsonReaderFactory readers, String text) {
        JsonValue v;
        try (JsonReader r = readers.createReader(new StringReader(text))) {
            v = checked(r.readValue());
        } catch (NumberFormatException e) {
            throw outOfRange(e);
        }
        try (JsonParser p = PARSERS.createParser(new StringReader(text))) {
            checkNothingFollows(p);
        }
        return v;
    }

    /**
     * Parses one JSON value from UTF-8 (or BOM-marked UTF-16/32) bytes.
     *
     * @param bytes the JSON bytes
     * @return the value
     * @throws JsonException as {@link #parse(String)}
     */
    public static JsonValue parse(byte[] bytes) {
        return parse(new ByteArrayInputStream(bytes));
    }

    /**
     * Parses one JSON value from a stream (not closed).
     *
     * @param in the JSON bytes
     * @return the value
     * @throws JsonException as {@link #parse(String)}
     */
    public static JsonValue parse(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new JsonException("cannot read the JSON: " + e.getMessage(), e);
        }
        JsonValue v;
        try (JsonReader r = READERS.createReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            v = checked(r.readValue());
        } catch (NumberFormatException e) {
            throw outOfRange(e);
        }
        try (JsonParser p = PARSERS.createParser(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            checkNothingFollows(p);
        }
        return v;
    }

    /**
     * Refuses text after the value (JSON-P's reader stops after the first value and would take
     * {@code {"a": 1} garbage} as {@code {"a": 1}}): a second, token-level pass skips the value and wants the end.
     */
    private static void checkNothingFollows(JsonParser p) {
        switch (p.next()) {
            case START_OBJECT -> p.skipObject();
            case START_ARRAY -> p.skipArray();
            default -> { }
        }
        if (p.hasNext()) {
            throw new JsonParsingException("unexpected text after the JSON value", p.getLocation());
        }
    }

    private static JsonException outOfRange(NumberFormatException e) {
        return new JsonException("number out of range (" + e.getMessage() + ")");
    }

    /**
     * Refuses numbers that JSON-P parses lazily and cannot convert later: every number of the tree is converted
     * once here, so that no reader of the tree meets a {@link NumberFormatException} deep inside its own code.
     */
    private static JsonValue checked(JsonValue value) {
        switch (value) {
            case JsonNumber n -> {
                try {
                    n.bigDecimalValue();
                } catch (NumberFormatException e) {
                    throw outOfRange(e);
                }
            }
            case JsonObject o -> o.values().forEach(Jsonp::checked);
            case JsonArray a -> a.forEach(Jsonp::checked);
            default -> { }
        }
        return value;
    }

    /**
     * Parses a JSON object.
     *
     * @param text the JSON text
     * @return the object
     * @throws JsonException as {@link #parse(String)}, or if the value is not an object
     */
    public static JsonObject parseObject(String text) {
        if (parse(text) instanceof JsonObject o) {
            return o;
        }
        throw new JsonException("the top-level JSON value is not an object");
    }

    /**
     * @param value a value
     * @return its compact JSON text
     */
    public static String write(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = WRITERS.createWriter(out)) {
            w.write(value);
        }
        return out.toString();
    }

    /**
     * @param value a value
     * @return its indented JSON text (reports for people)
     */
    public static String writePretty(JsonValue value) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = PRETTY.createWriter(out)) {
            w.write(value);
        }
        return out.toString();
    }

    /**
     * @param value a value
     * @return its compact JSON text in UTF-8
     */
    public static byte[] writeBytes(JsonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonWriter w = WRITERS.createWriter(out, StandardCharsets.UTF_8)) {
            w.write(value);
        }
        return out.toByteArray();
    }
}
