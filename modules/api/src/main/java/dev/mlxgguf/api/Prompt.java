package dev.mlxgguf.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a generation starts from: raw text, or chat messages that the engine formats with its template. */
public sealed interface Prompt permits Prompt.Text, Prompt.Chat {

    /**
     * A raw text prompt, tokenized as it is (special tokens in the text are parsed).
     *
     * @param text the prompt text
     */
    record Text(String text) implements Prompt {
        /** Checks the components: a null or out-of-range one throws. */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Chat messages for the model's chat template.
     *
     * @param messages            the conversation, at least one message
     * @param tools               OpenAI tool definitions passed to the template, or an empty list
     * @param addGenerationPrompt whether the template appends the assistant turn opener
     * @param templateKwargs      extra template variables, e.g. {@code enable_thinking}
     */
    record Chat(List<ChatMessage> messages, List<Object> tools, boolean addGenerationPrompt,
                Map<String, Object> templateKwargs) implements Prompt {
        /** Validates and copies. */
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("messages must not be empty");
            }
            tools = tools == null ? List.of() : JsonValues.copyArray(tools);
            templateKwargs = templateKwargs == null ? Map.of() : JsonValues.copyObject(templateKwargs);
        }

        /**
         * A chat with a generation prompt, no tools and no extra template variables.
         *
         * @param messages the conversation
         * @return the prompt
         */
        public static Chat of(List<ChatMessage> messages) {
            return new Chat(messages, List.of(), true, Map.of());
        }
    }
}
