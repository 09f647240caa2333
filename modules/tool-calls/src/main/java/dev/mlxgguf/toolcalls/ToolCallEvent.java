package dev.mlxgguf.toolcalls;

import java.util.Objects;

/** What a parser found in generated text: plain text, or one whole tool call. */
public sealed interface ToolCallEvent permits ToolCallEvent.Text, ToolCallEvent.Call {

    /** @param text text for {@code content} (never empty) */
    record Text(String text) implements ToolCallEvent {
        /** Checks. */
        public Text {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty text");
            }
        }
    }

    /**
     * @param name      the function's name
     * @param arguments the arguments as compact JSON text of an object
     */
    record Call(String name, String arguments) implements ToolCallEvent {
        /** Checks. */
        public Call {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
        }
    }
}
