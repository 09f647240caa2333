package dev.mlxgguf.toolcalls;

import java.util.Objects;

/** What a parser found in generated text: answer text, reasoning text, or one whole tool call. */
public sealed interface ToolCallEvent permits ToolCallEvent.Text, ToolCallEvent.Reasoning, ToolCallEvent.Call {

    /** @param text text for {@code content} (never empty) */
    record Text(String text) implements ToolCallEvent {
        /** Checks. */
        public Text {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty text");
            }
        }
    }

    /** @param text text for {@code reasoning_content} (never empty) */
    record Reasoning(String text) implements ToolCallEvent {
        /** Checks. */
        public Reasoning {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("empty text");
            }
        }
    }

    /**
     * @param name      the function's name
     * @param arguments the arguments as compact JSON text of an object
     * @param id        the call's id as the model wrote it (Mistral, Kimi K2, Command-R), or "" for one the
     *                  server makes up
     */
    record Call(String name, String arguments, String id) implements ToolCallEvent {
        /** Checks. */
        public Call {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(id, "id");
        }

        /** A call without an id of its own. @param name the function @param arguments JSON text of an object */
        public Call(String name, String arguments) {
            this(name, arguments, "");
        }
    }
}
