package dev.mlxgguf.toolcalls;

/**
 * How a model family marks its reasoning, detected from the chat template. gpt-oss's Harmony channels are read
 * by its tool-call parser instead ({@link ToolCallFormat#HARMONY}).
 */
public enum ReasoningFormat {

    /** No reasoning markers. */
    NONE("none", "", ""),
    /** {@code <think>...</think>} (Qwen3, DeepSeek R1, SmolLM3, Granite 3.2, GLM, MiniMax, Kimi). */
    THINK("think", "<think>", "</think>"),
    /** Command-R7B: {@code <|START_THINKING|>...<|END_THINKING|>}. */
    COMMAND_R("command_r", "<|START_THINKING|>", "<|END_THINKING|>");

    private final String wireName;
    private final String open;
    private final String close;

    ReasoningFormat(String wireName, String open, String close) {
        this.wireName = wireName;
        this.open = open;
        this.close = close;
    }

    /** {@return the name model listings show} */
    public String wireName() {
        return wireName;
    }

    /** {@return the opening marker, "" for none} */
    public String open() {
        return open;
    }

    /** {@return the closing marker, "" for none} */
    public String close() {
        return close;
    }

    /**
     * @param name a name from {@link #wireName}
     * @return the format ({@link #NONE} for an unknown name)
     */
    public static ReasoningFormat named(String name) {
        for (ReasoningFormat f : values()) {
            if (f.wireName.equals(name)) {
                return f;
            }
        }
        return NONE;
    }

    /**
     * @param template a chat template's source
     * @return the reasoning markers it uses
     */
    public static ReasoningFormat detect(String template) {
        if (template.contains("<|channel|>")) {
            return NONE;
        }
        if (template.contains("<think>") || template.contains("</think>")) {
            return THINK;
        }
        if (template.contains("<|START_THINKING|>")) {
            return COMMAND_R;
        }
        return NONE;
    }

    /**
     * @param rendered a rendered chat prompt
     * @return whether it ends inside a reasoning block: its last opening marker is not closed
     */
    public boolean opens(String rendered) {
        if (this == NONE) {
            return false;
        }
        int at = rendered.lastIndexOf(open);
        return at >= 0 && rendered.indexOf(close, at) < 0;
    }
}
