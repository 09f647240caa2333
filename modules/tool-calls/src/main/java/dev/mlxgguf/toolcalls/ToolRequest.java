package dev.mlxgguf.toolcalls;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat request's tools as the output constraint and the parser need them: the functions, the choice, whether
 * several calls may come in one answer, and the model's call format. Crosses to the host process as JSON text
 * ({@link #toJson}, {@link #fromJson}).
 *
 * @param format   the model's tool-call format
 * @param tools    the functions (at least one)
 * @param choice   what the model may do
 * @param parallel whether an answer may hold several calls ({@code parallel_tool_calls}, default true)
 */
public record ToolRequest(ToolCallFormat format, List<Tool> tools, ToolChoice choice, boolean parallel) {

    /** Checks and copies. */
    public ToolRequest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(choice, "choice");
        tools = List.copyOf(tools);
        if (tools.isEmpty()) {
            throw new IllegalArgumentException("no tools");
        }
        if (choice.mode() == ToolChoice.Mode.NAMED && tools.stream().noneMatch(t -> t.name().equals(choice.name()))) {
            throw new IllegalArgumentException("no tool named " + choice.name());
        }
    }

    /** @param name a function name @return its tool, if there is one */
    public Optional<Tool> tool(String name) {
        return tools.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** {@return the tools the model may call: all, or the named one} */
    public List<Tool> callable() {
        return choice.mode() == ToolChoice.Mode.NAMED ? List.of(tool(choice.name()).orElseThrow()) : tools;
    }

    /** {@return this request as compact JSON text} */
    public String toJson() {
        JsonArrayBuilder ts = Jsonp.array();
        for (Tool t : tools) {
            ts.add(Jsonp.object().add("name", t.name()).add("parameters", t.parameters()).add("strict", t.strict()));
        }
        return Jsonp.write(Jsonp.object().add("format", format.wireName()).add("choice", choice.mode().name())
                .add("name", choice.name()).add("parallel", parallel).add("tools", ts).build());
    }

    /**
     * @param json text from {@link #toJson}
     * @return the request
     * @throws IllegalArgumentException if the text is not such a request
     */
    public static ToolRequest fromJson(String json) {
        try {
            JsonObject o = Jsonp.parseGenerated(json).asJsonObject();
            List<Tool> tools = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("tools")) {
                JsonObject t = v.asJsonObject();
                tools.add(new Tool(t.getString("name"), t.getJsonObject("parameters"), t.getBoolean("strict")));
            }
            ToolChoice.Mode mode = ToolChoice.Mode.valueOf(o.getString("choice"));
            return new ToolRequest(ToolCallFormat.named(o.getString("format")).orElseThrow(), tools,
                    new ToolChoice(mode, o.getString("name")), o.getBoolean("parallel"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a tool request: " + e.getMessage(), e);
        }
    }
}
