package dev.mlxgguf.server.http;

import dev.mlxgguf.api.InvalidRequestException;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Typed, validating access to the fields of a request body. Every failure is an
 * {@link InvalidRequestException} naming the field. A JSON {@code null} counts as absent.
 */
public final class JsonFields {

    private final JsonObject body;

    public JsonFields(JsonObject body) {
        this.body = body;
    }

    public JsonObject body() {
        return body;
    }

    public boolean has(String key) {
        return body.containsKey(key) && body.get(key).getValueType() != JsonValue.ValueType.NULL;
    }

    public Optional<JsonValue> value(String key) {
        return has(key) ? Optional.of(body.get(key)) : Optional.empty();
    }

    public Optional<String> string(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        if (body.get(key) instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        throw new InvalidRequestException(key + " must be a string", key);
    }

    public Optional<Boolean> bool(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        return switch (body.get(key).getValueType()) {
            case TRUE -> Optional.of(true);
            case FALSE -> Optional.of(false);
            default -> throw new InvalidRequestException(key + " must be a boolean", key);
        };
    }

    public Optional<Double> number(String key, double min, double max) {
        if (!has(key)) {
            return Optional.empty();
        }
        if (!(body.get(key) instanceof JsonNumber n)) {
            throw new InvalidRequestException(key + " must be a number", key);
        }
        double v = n.doubleValue();
        if (!(v >= min && v <= max)) {
            throw new InvalidRequestException(key + " must be between " + fmt(min) + " and " + fmt(max) + ", got " + n, key);
        }
        return Optional.of(v);
    }

    public Optional<Long> integer(String key, long min, long max) {
        if (!has(key)) {
            return Optional.empty();
        }
        if (!(body.get(key) instanceof JsonNumber n)) {
            throw new InvalidRequestException(key + " must be an integer", key);
        }
        BigDecimal d = n.bigDecimalValue();
        if (d.stripTrailingZeros().scale() > 0) {
            throw new InvalidRequestException(key + " must be an integer, got " + n, key);
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new InvalidRequestException(key + " must be between " + min + " and " + max + ", got " + n, key);
        }
        return Optional.of(d.longValueExact());
    }

    public Optional<JsonObject> object(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        if (body.get(key) instanceof JsonObject o) {
            return Optional.of(o);
        }
        throw new InvalidRequestException(key + " must be an object", key);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
