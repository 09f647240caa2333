package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.toolcalls.Tool;
import dev.mlxgguf.toolcalls.ToolCallFormat;
import dev.mlxgguf.toolcalls.ToolChoice;
import dev.mlxgguf.toolcalls.ToolRequest;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a chat request's {@code tools} (type {@code function}: {@code name}, {@code description},
 * {@code parameters}, {@code strict}), {@code tool_choice} ({@code auto}, {@code none}, {@code required}, or
 * {@code {"type": "function", "function": {"name": ...}}}) and {@code parallel_tool_calls} (default true). Pure.
 */
final class ToolFields {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> FUNCTION_KEYS = Set.of("name", "description", "parameters", "strict");

    /**
     * A request's tools before the model's format is known.
     *
     * @param tools    the functions
     * @param choice   what the model may do
     * @param parallel whether several calls may come in one answer
     */
    record Spec(List<Tool> tools, ToolChoice choice, boolean parallel) {

        Spec {
            tools = List.copyOf(tools);
        }

        /** @param format the model's tool-call format @return the request in it */
        ToolRequest in(ToolCallFormat format) {
            return new ToolRequest(format, tools, choice, parallel);
        }
    }

    private ToolFields() {
    }

    /**
     * @param f the request's fields
     * @return the tools, if the request has any (an empty {@code tools} array has none)
     * @throws InvalidRequestException naming the field ({@code tools[i].function.name}, {@code tool_choice}, ...)
     */
    static Optional<Spec> parse(JsonFields f) {
        List<Tool> tools = new ArrayList<>();
        if (f.has("tools")) {
            if (!(f.body().get("tools") instanceof JsonArray array)) {
                throw new InvalidRequestException("tools must be an array", "tools");
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < array.size(); i++) {
                Tool t = tool(array.get(i), "tools[" + i + "]");
                if (!names.add(t.name())) {
                    throw new InvalidRequestException("two tools are named " + t.name(), "tools[" + i + "].function.name");
                }
                tools.add(t);
            }
        }
        ToolChoice choice = f.value("tool_choice").map(ToolFields::choice).orElse(ToolChoice.AUTO);
        Optional<Boolean> parallel = f.bool("parallel_tool_calls");
        if (tools.isEmpty()) {
            if (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED) {
                throw new InvalidRequestException("tool_choice " + (choice.name().isEmpty() ? "required" : choice.name())
                        + " needs tools", "tool_choice");
            }
            return Optional.empty();
        }
        if (choice.mode() == ToolChoice.Mode.NAMED && !tools.stream().map(Tool::name).toList().contains(choice.name())) {
            throw new InvalidRequestException("tool_choice names " + choice.name() + ", which is not among the tools",
                    "tool_choice");
        }
        return Optional.of(new Spec(tools, choice, parallel.orElse(true)));
    }

    private static Tool tool(JsonValue v, String at) {
        if (!(v instanceof JsonObject o) || !"function".equals(o.getString("type", null))) {
            throw new InvalidRequestException("each tool must be {\"type\": \"function\", \"function\": {...}}", at + ".type");
        }
        for (String k : o.keySet()) {
            if (!k.equals("type") && !k.equals("function")) {
                throw new InvalidRequestException("unknown field " + k + " in a tool", at + "." + k);
            }
        }
        if (!(o.get("function") instanceof JsonObject fn)) {
            throw new InvalidRequestException("a tool needs a function object", at + ".function");
        }
        for (String k : fn.keySet()) {
            if (!FUNCTION_KEYS.contains(k)) {
                throw new InvalidRequestException("unknown field " + k + " in a tool's function", at + ".function." + k);
            }
        }
        if (!(fn.get("name") instanceof JsonString name) || !NAME.matcher(name.getString()).matches()) {
            throw new InvalidRequestException("a function name is 1 to 64 letters, digits, '_', '-' or '.'",
                    at + ".function.name");
        }
        if (fn.containsKey("description") && !(fn.get("description") instanceof JsonString)) {
            throw new InvalidRequestException("description must be a string", at + ".function.description");
        }
        JsonValue params = fn.getOrDefault("parameters", JsonValue.EMPTY_JSON_OBJECT);
        if (!(params instanceof JsonObject p)) {
            throw new InvalidRequestException("parameters must be a JSON Schema object", at + ".function.parameters");
        }
        if (p.get("type") instanceof JsonString type && !type.getString().equals("object")) {
            throw new InvalidRequestException("parameters must describe an object (type object)", at + ".function.parameters");
        }
        JsonValue strict = fn.getOrDefault("strict", JsonValue.FALSE);
        if (strict != JsonValue.TRUE && strict != JsonValue.FALSE && strict != JsonValue.NULL) {
            throw new InvalidRequestException("strict must be a boolean", at + ".function.strict");
        }
        return new Tool(name.getString(), p, strict == JsonValue.TRUE);
    }

    private static ToolChoice choice(JsonValue v) {
        if (v instanceof JsonString s) {
            return switch (s.getString()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required" -> ToolChoice.REQUIRED;
                default -> throw new InvalidRequestException("tool_choice must be auto, none, required or "
                        + "{\"type\": \"function\", \"function\": {\"name\": ...}}", "tool_choice");
            };
        }
        if (v instanceof JsonObject o && "function".equals(o.getString("type", null))
                && o.get("function") instanceof JsonObject fn && fn.get("name") instanceof JsonString name) {
            return ToolChoice.named(name.getString());
        }
        throw new InvalidRequestException("tool_choice must be auto, none, required or "
                + "{\"type\": \"function\", \"function\": {\"name\": ...}}", "tool_choice");
    }
}
