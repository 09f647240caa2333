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
 * Reads the JSON the formats write calls in: an object with a name and arguments (under the given keys;
 * arguments as an object or as a JSON string holding one), or an array of such objects. Stateless.
 */
final class CallBodies {

    private CallBodies() {
    }

    /**
     * @param json      the body text
     * @param argsKeys  the keys the arguments may be under, in order of preference
     * @return the calls, or empty if the text is not a whole call or array of calls
     */
    static Optional<List<ToolCallEvent.Call>> parse(String json, String... argsKeys) {
        JsonValue v;
        try {
            v = Jsonp.parse(json.strip());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        List<ToolCallEvent.Call> calls = new ArrayList<>();
        if (v instanceof JsonArray a && !a.isEmpty()) {
            for (JsonValue x : a) {
                Optional<ToolCallEvent.Call> c = call(x, argsKeys);
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                calls.add(c.get());
            }
            return Optional.of(calls);
        }
        return call(v, argsKeys).map(List::of);
    }

    /**
     * @param json the body text: an object whose {@code key} holds an array of calls
     * @param key  that key
     * @return the calls, or empty if the text is not such an object
     */
    static Optional<List<ToolCallEvent.Call>> parseWrapped(String json, String key) {
        try {
            if (Jsonp.parse(json.strip()) instanceof JsonObject o && o.size() == 1 && o.get(key) instanceof JsonArray a) {
                return parse(Jsonp.write(a), "arguments");
            }
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<ToolCallEvent.Call> call(JsonValue v, String... argsKeys) {
        if (!(v instanceof JsonObject o) || !(o.get("name") instanceof JsonString name) || name.getString().isEmpty()) {
            return Optional.empty();
        }
        for (String key : argsKeys) {
            JsonValue args = o.get(key);
            if (args instanceof JsonObject obj) {
                return Optional.of(new ToolCallEvent.Call(name.getString(), Jsonp.write(obj)));
            }
            if (args instanceof JsonString s) {
                try {
                    if (Jsonp.parse(s.getString()) instanceof JsonObject obj) {
                        return Optional.of(new ToolCallEvent.Call(name.getString(), Jsonp.write(obj)));
                    }
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
        }
        return argsKeys.length > 0 && o.keySet().stream().noneMatch(k -> List.of(argsKeys).contains(k))
                ? Optional.of(new ToolCallEvent.Call(name.getString(), "{}"))
                : Optional.empty();
    }
}
