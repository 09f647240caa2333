package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.grammar.GrammarCache;
import dev.mlxgguf.grammar.GrammarException;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.toolcalls.ToolCallFormat;
import dev.mlxgguf.toolcalls.ToolChoice;
import dev.mlxgguf.toolcalls.ToolGrammar;
import dev.mlxgguf.toolcalls.ToolRequest;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;
import java.util.Set;

/**
 * Reads what a request asks its output to follow: {@code response_format} ({@code text}, {@code json_object},
 * {@code json_schema} with {@code name}, {@code schema}, {@code strict}, {@code description}; llama-server's
 * {@code json_object} with a {@code schema}), llama-server's top-level {@code json_schema} and {@code grammar}.
 * At most one of them may constrain. The grammar is compiled here, so an unsupported schema or a GBNF syntax
 * error is a 400 before the request is queued (compiled grammars are cached by source). Thread-safe.
 */
final class OutputFormats {

    private static final String SCHEMA_PARAM = "response_format.json_schema.schema";
    private static final GrammarCache GRAMMARS = new GrammarCache();
    private static final Set<String> JSON_SCHEMA_KEYS = Set.of("name", "schema", "strict", "description");

    private OutputFormats() {
    }

    /**
     * @param f the request's fields
     * @return the constraint, if the request asks for one
     * @throws InvalidRequestException naming the field (for a schema: {@code response_format.json_schema.schema},
     *                                 with the keyword's JSON pointer in the message)
     */
    static Optional<OutputConstraint> constraint(JsonFields f) {
        Optional<OutputConstraint> format = f.value("response_format").flatMap(OutputFormats::responseFormat);
        Optional<OutputConstraint> schema = f.value("json_schema").map(v -> schema(v, "json_schema"));
        Optional<OutputConstraint> grammar = f.value("grammar").map(OutputFormats::grammar);
        int given = (format.isPresent() ? 1 : 0) + (schema.isPresent() ? 1 : 0) + (grammar.isPresent() ? 1 : 0);
        if (given > 1) {
            throw new InvalidRequestException("send one of response_format, json_schema and grammar, not several",
                    grammar.isPresent() ? "grammar" : "json_schema");
        }
        return format.or(() -> schema).or(() -> grammar);
    }

    /**
     * The constraint of a chat with tools in the model's format: the calls' grammar ({@code required}, named, or the
     * lazy {@code auto} tail), or, for {@code none}, the constraint that keeps the format's marker out. Compiled
     * here, so a strict tool whose schema cannot be enforced is a 400 before queueing.
     *
     * @param format the request's {@code response_format} constraint, if any
     * @param tools  the request's tools, if any
     * @param calls  the model's tool-call format
     * @return the constraint to generate under
     * @throws InvalidRequestException naming {@code response_format} when both it and callable tools are given, or
     *                                 {@code tools[i].function.parameters} for a strict schema that cannot be enforced
     */
    static Optional<OutputConstraint> withTools(Optional<OutputConstraint> format, Optional<ToolFields.Spec> tools,
                                                ToolCallFormat calls) {
        if (tools.isEmpty()) {
            return format;
        }
        ToolRequest request = tools.get().in(calls);
        if (format.isPresent()) {
            if (request.choice().mode() == ToolChoice.Mode.NONE) {
                return format;
            }
            throw new InvalidRequestException("response_format together with tools is not supported yet: send "
                    + "tool_choice none, or leave response_format out", "response_format");
        }
        OutputConstraint c = new OutputConstraint(OutputConstraint.Kind.TOOL_CALLS, request.toJson());
        if (request.choice().mode() == ToolChoice.Mode.NONE) {
            return Optional.of(c);
        }
        try {
            GRAMMARS.compiled("t" + c.source(), () -> ToolGrammar.compile(request,
                    request.choice().mode() == ToolChoice.Mode.AUTO));
        } catch (ToolGrammar.InvalidToolException e) {
            throw new InvalidRequestException(e.getMessage() + " (at " + e.pointer() + ")",
                    "tools[" + e.index() + "].function.parameters");
        } catch (GrammarException e) {
            throw new InvalidRequestException(e.getMessage(), "tools");
        }
        return Optional.of(c);
    }

    private static Optional<OutputConstraint> responseFormat(JsonValue v) {
        if (!(v instanceof JsonObject o) || !(o.get("type") instanceof JsonString type)) {
            throw new InvalidRequestException("response_format must be an object with a type", "response_format");
        }
        return switch (type.getString()) {
            case "text" -> Optional.empty();
            case "json_object" -> o.containsKey("schema")
                    ? Optional.of(schema(o.get("schema"), "response_format.schema"))
                    : Optional.of(check(new OutputConstraint(OutputConstraint.Kind.JSON_OBJECT, ""), "response_format"));
            case "json_schema" -> {
                if (!(o.get("json_schema") instanceof JsonObject js)) {
                    throw new InvalidRequestException("response_format json_schema needs a json_schema object",
                            "response_format.json_schema");
                }
                for (String k : js.keySet()) {
                    if (!JSON_SCHEMA_KEYS.contains(k)) {
                        throw new InvalidRequestException("unknown field " + k + " in response_format.json_schema",
                                "response_format.json_schema." + k);
                    }
                }
                if (js.containsKey("name") && !(js.get("name") instanceof JsonString)) {
                    throw new InvalidRequestException("name must be a string", "response_format.json_schema.name");
                }
                if (js.containsKey("strict") && js.get("strict").getValueType() != JsonValue.ValueType.TRUE
                        && js.get("strict").getValueType() != JsonValue.ValueType.FALSE) {
                    throw new InvalidRequestException("strict must be a boolean", "response_format.json_schema.strict");
                }
                if (!js.containsKey("schema")) {
                    throw new InvalidRequestException("response_format json_schema needs a schema", SCHEMA_PARAM);
                }
                yield Optional.of(schema(js.get("schema"), SCHEMA_PARAM));
            }
            default -> throw new InvalidRequestException("response_format type " + type.getString()
                    + " is not supported (text, json_object, json_schema are)", "response_format.type");
        };
    }

    private static OutputConstraint schema(JsonValue schema, String param) {
        return check(new OutputConstraint(OutputConstraint.Kind.JSON_SCHEMA, Jsonp.write(schema)), param);
    }

    private static OutputConstraint grammar(JsonValue v) {
        if (!(v instanceof JsonString s) || s.getString().isBlank()) {
            throw new InvalidRequestException("grammar must be a GBNF grammar text", "grammar");
        }
        return check(new OutputConstraint(OutputConstraint.Kind.GBNF, s.getString()), "grammar");
    }

    private static OutputConstraint check(OutputConstraint c, String param) {
        try {
            switch (c.kind()) {
                case JSON_OBJECT -> GRAMMARS.jsonObject();
                case JSON_SCHEMA -> GRAMMARS.jsonSchema(c.source());
                case GBNF -> GRAMMARS.gbnf(c.source());
                case TOOL_CALLS -> throw new IllegalArgumentException("tools are checked by withTools");
            }
        } catch (GrammarException e) {
            throw new InvalidRequestException(e.getMessage(), param);
        }
        return c;
    }
}
