package dev.mlxgguf.toolcalls;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.mlxgguf.toolcalls.MarkedCallParser.Close;
import dev.mlxgguf.toolcalls.MarkedCallParser.Open;

/**
 * The tool-call formats of the model families, each with its incremental parser ({@link #parser}) and its
 * grammar ({@link ToolGrammar}). Detected from a chat template by its markers ({@link #detect}); a load may name
 * one instead ({@link #named}).
 */
public enum ToolCallFormat {

    /** Hermes, Qwen2.5, Qwen3: {@code <tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>}, one per call. */
    HERMES("hermes", "<tool_call>"),
    /** Qwen3-Coder: {@code <tool_call>\n<function=NAME>\n<parameter=KEY>\nVALUE\n</parameter>\n</function>\n</tool_call>}. */
    QWEN3_CODER("qwen3_coder", "<tool_call>"),
    /** Llama 3.1-3.3: {@code {"name": ..., "parameters": {...}}} (after {@code <|python_tag|>} or not), several joined by {@code ;}. */
    LLAMA3("llama3", "{\"name\""),
    /** Mistral: {@code [TOOL_CALLS][{"name": ..., "arguments": {...}, "id": "9 letters"}, ...]}. */
    MISTRAL("mistral", "[TOOL_CALLS]"),
    /** DeepSeek V3/R1: {@code <｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\n{...}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>}. */
    DEEPSEEK("deepseek", "<｜tool▁calls▁begin｜>"),
    /** gpt-oss Harmony: {@code <|channel|>commentary to=functions.NAME <|constrain|>json<|message|>{...}<|call|>}. */
    HARMONY("harmony", " to=functions."),
    /** Command-R7B: {@code <|START_ACTION|>[{"tool_call_id": "0", "tool_name": ..., "parameters": {...}}]<|END_ACTION|>}. */
    COMMAND_R("command_r", "<|START_ACTION|>"),
    /** Granite 3.x (and Phi-4-mini): {@code <|tool_call|>[{"name": ..., "arguments": {...}}]}. */
    GRANITE("granite", "<|tool_call|>"),
    /** Functionary v3.2: {@code >>>NAME\n{...}} per call, {@code >>>all\n} before text. */
    FUNCTIONARY("functionary", ">>>"),
    /** Kimi K2: {@code <|tool_calls_section_begin|><|tool_call_begin|>functions.NAME:0<|tool_call_argument_begin|>{...}<|tool_call_end|><|tool_calls_section_end|>}. */
    KIMI_K2("kimi_k2", "<|tool_calls_section_begin|>"),
    /** GLM 4.5/4.6: {@code <tool_call>NAME\n<arg_key>KEY</arg_key>\n<arg_value>VALUE</arg_value>\n</tool_call>}. */
    GLM("glm", "<tool_call>"),
    /** MiniMax M2: {@code <minimax:tool_call>\n<invoke name="NAME">\n<parameter name="KEY">VALUE</parameter>\n</invoke>\n</minimax:tool_call>}. */
    MINIMAX("minimax", "<minimax:tool_call>"),
    /** Gemma (FunctionGemma): {@code <start_function_call>call:NAME{key:<escape>text<escape>}<end_function_call>}. */
    GEMMA("gemma", "<start_function_call>"),
    /** Templates with no tool format: {@code {"tool_calls": [{"name": ..., "arguments": {...}}]}} as the answer. */
    GENERIC("generic", "{\"tool_calls\"");

    private final String wireName;
    private final String trigger;

    ToolCallFormat(String wireName, String trigger) {
        this.wireName = wireName;
        this.trigger = trigger;
    }

    /** {@return the name a load's {@code tool_call_format} uses} */
    public String wireName() {
        return wireName;
    }

    /** {@return the text a call starts with: an {@code auto} answer is constrained from there on} */
    public String trigger() {
        return trigger;
    }

    /** The marker texts of every format, reasoning markers included. */
    private static final Set<String> MARKERS = Set.of("<tool_call>", "</tool_call>", "<function=", "</function>",
            "<parameter=", "</parameter>", "<|python_tag|>", "[TOOL_CALLS]", "[ARGS]", "[CALL_ID]",
            "<｜tool▁calls▁begin｜>", "<｜tool▁calls▁end｜>", "<｜tool▁call▁begin｜>", "<｜tool▁call▁end｜>", "<｜tool▁sep｜>",
            "<|channel|>", "<|message|>", "<|constrain|>", "<|start|>", "<|START_ACTION|>", "<|END_ACTION|>",
            "<|START_THINKING|>", "<|END_THINKING|>", "<|START_RESPONSE|>", "<|END_RESPONSE|>", "<|tool_call|>",
            "<|tool_calls_section_begin|>", "<|tool_calls_section_end|>", "<|tool_call_begin|>", "<|tool_call_end|>",
            "<|tool_call_argument_begin|>", "<arg_key>", "</arg_key>", "<arg_value>", "</arg_value>", "<minimax:tool_call>",
            "</minimax:tool_call>", "<start_function_call>", "<end_function_call>", "<escape>", "<think>", "</think>",
            "<response>", "</response>");

    /**
     * The texts of the formats' markers. A tokenizer may mark them special (Mistral's {@code [TOOL_CALLS]}, Llama's
     * {@code <|python_tag|>}, Harmony's {@code <|channel|>}); engines still decode them as their text (unless they
     * end the generation), since the parsers read them.
     *
     * @return the marker texts
     */
    public static Set<String> markers() {
        return MARKERS;
    }

    /** {@return the names {@link #named} knows, comma-separated} */
    public static String names() {
        return java.util.Arrays.stream(values()).map(ToolCallFormat::wireName).collect(Collectors.joining(", "));
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
        if (template.contains("<|channel|>")) {
            return HARMONY;
        }
        if (template.contains("<minimax:tool_call>")) {
            return MINIMAX;
        }
        if (template.contains("<arg_key>")) {
            return GLM;
        }
        if (template.contains("<function=") && template.contains("<parameter=")) {
            return QWEN3_CODER;
        }
        if (template.contains("<tool_call>")) {
            return HERMES;
        }
        if (template.contains("<｜tool▁calls▁begin｜>")) {
            return DEEPSEEK;
        }
        if (template.contains("<|tool_calls_section_begin|>")) {
            return KIMI_K2;
        }
        if (template.contains("[TOOL_CALLS]")) {
            return MISTRAL;
        }
        if (template.contains("<|START_ACTION|>")) {
            return COMMAND_R;
        }
        if (template.contains("<|tool_call|>")) {
            return GRANITE;
        }
        if (template.contains(">>>all")) {
            return FUNCTIONARY;
        }
        if (template.contains("<start_function_call>")) {
            return GEMMA;
        }
        if (template.contains("<|python_tag|>") || (template.contains("<|start_header_id|>") && template.contains("\"parameters\""))) {
            return LLAMA3;
        }
        return GENERIC;
    }

    /**
     * @param tools the request's tools (tagged formats type their values by the parameters' schemas)
     * @return a parser for one generation's text
     */
    public ToolCallParser parser(List<Tool> tools) {
        Map<String, Tool> byName = tools.stream().collect(Collectors.toMap(Tool::name, t -> t, (a, b) -> a));
        MarkupBodies markup = new MarkupBodies(byName);
        CallBodies json = CallBodies.STANDARD;
        return switch (this) {
            case HERMES -> MarkedCallParser.of("<tool_call>", Close.MARKER, "</tool_call>", json::calls);
            case QWEN3_CODER -> MarkedCallParser.of("<tool_call>", Close.MARKER, "</tool_call>", markup::qwenCoder);
            case GLM -> MarkedCallParser.of("<tool_call>", Close.MARKER, "</tool_call>", markup::glm);
            case LLAMA3 -> new MarkedCallParser(List.of(new Open("<|python_tag|>", false), new Open("{\"name\"", true)),
                    Close.END, "", new CallBodies("name", "parameters", "")::separated);
            case MISTRAL -> MarkedCallParser.of("[TOOL_CALLS]", Close.END, "", new CallBodies("name", "arguments", "id")::calls);
            case GRANITE -> MarkedCallParser.of("<|tool_call|>", Close.END, "", json::calls);
            case COMMAND_R -> MarkedCallParser.of("<|START_ACTION|>", Close.MARKER, "<|END_ACTION|>",
                    new CallBodies("tool_name", "parameters", "tool_call_id")::calls);
            case DEEPSEEK -> MarkedCallParser.of("<｜tool▁calls▁begin｜>", Close.MARKER, "<｜tool▁calls▁end｜>", markup::deepseek);
            case KIMI_K2 -> MarkedCallParser.of("<|tool_calls_section_begin|>", Close.MARKER, "<|tool_calls_section_end|>",
                    markup::kimi);
            case MINIMAX -> MarkedCallParser.of("<minimax:tool_call>", Close.MARKER, "</minimax:tool_call>", markup::minimax);
            case GEMMA -> MarkedCallParser.of("<start_function_call>", Close.MARKER, "<end_function_call>", markup::gemma);
            case FUNCTIONARY -> MarkedCallParser.of(">>>", Close.NEXT_OPEN, "", markup::functionary);
            case HARMONY -> new HarmonyParser();
            case GENERIC -> new MarkedCallParser(List.of(new Open("{\"tool_calls\"", true)), Close.END, "",
                    b -> json.wrapped(b, "tool_calls"));
        };
    }

    /**
     * The id a call gets in the answer: the model's own where its format writes one, else one made up in the
     * shape the family's template accepts back in the history (Mistral's templates want 9 letters and digits).
     *
     * @param call   the call
     * @param random random letters and digits, at least 24
     * @return the id
     */
    public String callId(ToolCallEvent.Call call, String random) {
        if (!call.id().isEmpty() && (this != MISTRAL || call.id().matches("[A-Za-z0-9]{9}"))) {
            return call.id();
        }
        return this == MISTRAL ? random.substring(0, 9) : "call_" + random.substring(0, 24);
    }
}
