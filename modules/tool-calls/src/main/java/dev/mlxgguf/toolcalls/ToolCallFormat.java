package dev.mlxgguf.toolcalls;

import java.util.Locale;
import java.util.Optional;

/**
 * The tool-call formats of the model families, each with its parser. Detected from a chat template by its
 * markers ({@link #detect}); a load may name one instead ({@link #named}).
 */
public enum ToolCallFormat {

    /** Hermes, Qwen2.5, Qwen3: {@code <tool_call>{"name": ..., "arguments": {...}}</tool_call>}, one per call. */
    HERMES("hermes"),
    /** Mistral: {@code [TOOL_CALLS][{"name": ..., "arguments": {...}}, ...]} to the end of the text. */
    MISTRAL("mistral"),
    /** Llama 3.1-3.3: {@code <|python_tag|>} or a bare {@code {"name": ..., "parameters": {...}}} as the whole answer. */
    LLAMA3("llama3"),
    /** Templates with no tool format: {@code {"tool_calls": [{"name": ..., "arguments": {...}}]}} as the whole answer. */
    GENERIC("generic");

    private final String wireName;

    ToolCallFormat(String wireName) {
        this.wireName = wireName;
    }

    /** {@return the name a load's {@code tool_call_format} uses} */
    public String wireName() {
        return wireName;
    }

    /**
     * @param name a {@code tool_call_format} value
     * @return the format, if the name is known
     */
    public static Optional<ToolCallFormat> named(String name) {
        for (ToolCallFormat f : values()) {
            if (f.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * @param template a chat template's source
     * @return the format its markers show, {@link #GENERIC} when none
     */
    public static ToolCallFormat detect(String template) {
        if (template.contains("<tool_call>")) {
            return HERMES;
        }
        if (template.contains("[TOOL_CALLS]")) {
            return MISTRAL;
        }
        if (template.contains("<|python_tag|>") || (template.contains("<|start_header_id|>") && template.contains("\"parameters\""))) {
            return LLAMA3;
        }
        return GENERIC;
    }

    /** {@return a parser for one generation's text} */
    public ToolCallParser parser() {
        return switch (this) {
            case HERMES -> new MarkedCallParser("<tool_call>", "</tool_call>", b -> CallBodies.parse(b, "arguments"));
            case MISTRAL -> new MarkedCallParser("[TOOL_CALLS]", "", b -> CallBodies.parse(b, "arguments"));
            // several calls are separated by ";" between the objects
            case LLAMA3 -> new WholeAnswerParser("<|python_tag|>", "{\"name\"", b -> CallBodies.parse(b, "parameters",
                    "arguments").or(() -> CallBodies.parse("[" + b.strip().replaceAll("}\\s*;\\s*\\{", "},{") + "]",
                    "parameters", "arguments")));
            case GENERIC -> new WholeAnswerParser("", "{\"tool_calls\"", b -> CallBodies.parseWrapped(b, "tool_calls"));
        };
    }
}
