package dev.mlxgguf.toolcalls;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param name       the function's name
 * @param parameters the JSON Schema of its arguments (an object schema; {@code {}} when the tool declares none)
 * @param strict     whether the arguments must follow the schema exactly ({@code strict: true}): a schema the
 *                   grammar cannot enforce is then an error rather than "any JSON object"
 */
public record Tool(String name, JsonObject parameters, boolean strict) {

    /** Checks. */
    public Tool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty tool name");
        }
    }
}
