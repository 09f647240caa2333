package dev.mlxgguf.toolcalls;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the JSON the JSON formats write calls in: an object with a name and arguments under the format's keys
 * (arguments as an object, or as a JSON string holding one), or an array of such objects. Stateless.
 *
 * @param nameKey the key of the function's name
 * @param argsKey the key of the arguments
 * @param idKey   the key of the call's id, or "" when the format has none
 */
record CallBodies(String nameKey, String argsKey, String idKey) {

    /** {@code name} and {@code arguments}, no id. */
    static final CallBodies STANDARD = new CallBodies("name", "arguments", "");

    /**
     * @param json the body text: one call object, or an array of them
     * @return the calls, or empty if the text is not that
     */
    Optional<List<ToolCallEvent>> calls(String json) {
        return parse(json).flatMap(this::calls);
    }

    /**
     * @param json the body text: an object whose {@code key} holds an array of calls (and nothing else)
     * @param key  that key
     * @return the calls, or empty if the text is not such an object
     */
    Optional<List<ToolCallEvent>> wrapped(String json, String key) {
        return parse(json).flatMap(v -> v instanceof JsonObject o && o.size() == 1 && o.get(key) instanceof JsonArray a
                ? calls(a) : Optional.empty());
    }

    /**
     * @param text calls written one after another, separated by {@code ;} (Llama 3.x)
     * @return the calls, or empty if the text is not that
     */
    Optional<List<ToolCallEvent>> separated(String text) {
        List<ToolCallEvent> out = new ArrayList<>();
        int at = 0;
        String s = text.strip();
        while (at < s.length()) {
            int end = JsonExtent.end(s, at);
            if (end < 0) {
                return Optional.empty();
            }
            Optional<List<ToolCallEvent>> one = calls(s.substring(at, end));
            if (one.isEmpty() || one.get().size() != 1) {
                return Optional.empty();
            }
            out.addAll(one.get());
            at = end;
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
            if (at < s.length()) {
                if (s.charAt(at) != ';') {
                    return Optional.empty();
                }
                at++;
                while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                    at++;
                }
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static Optional<JsonValue> parse(String json) {
        try {
            return Optional.of(Jsonp.parseGenerated(json.strip()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<List<ToolCallEvent>> calls(JsonValue v) {
        List<ToolCallEvent> calls = new ArrayList<>();
        if (v instanceof JsonArray a) {
            if (a.isEmpty()) {
                return Optional.empty();
            }
            for (JsonValue x : a) {
                Optional<ToolCallEvent.Call> c = call(x);
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                calls.add(c.get());
            }
            return Optional.of(calls);
        }
        return call(v).map(List::of);
    }

    private Optional<ToolCallEvent.Call> call(JsonValue v) {
        if (!(v instanceof JsonObject o) || !(o.get(nameKey) instanceof JsonString name) || name.getString().isEmpty()) {
            return Optional.empty();
        }
        String id = !idKey.isEmpty() && o.get(idKey) instanceof JsonString s ? s.getString() : "";
        return arguments(o.get(argsKey)).map(args -> new ToolCallEvent.Call(name.getString(), args, id));
    }

    /** The arguments as compact JSON of an object: an object, a string holding one, or absent ({@code {}}). */
    static Optional<String> arguments(JsonValue args) {
        if (args == null) {
            return Optional.of("{}");
        }
        if (args instanceof JsonObject obj) {
            return Optional.of(Jsonp.write(obj));
        }
        if (args instanceof JsonString s) {
            return parse(s.getString()).filter(x -> x instanceof JsonObject).map(Jsonp::write);
        }
        return Optional.empty();
    }
}
