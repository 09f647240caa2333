package dev.mlxgguf.api;

import java.util.Map;
import java.util.Objects;

/**
 * One chat message as an OpenAI client sent it, ready for a chat template.
 *
 * @param role    the role ({@code system}, {@code user}, {@code assistant}, {@code tool}, {@code developer}, ...)
 * @param content the text content (text parts already joined); {@code null} when the client sent none,
 *                e.g. an assistant message that only carries {@code tool_calls}
 * @param extras  the other message fields passed to templates unchanged ({@code tool_calls},
 *                {@code tool_call_id}, {@code name}, {@code reasoning_content}, ...), as plain JSON values
 */
public record ChatMessage(String role, String content, Map<String, Object> extras) {

    /** Validates and copies. */
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        extras = extras == null ? Map.of() : JsonValues.copyObject(extras);
    }

    /**
     * A message with text content and no extra fields.
     *
     * @param role    the role
     * @param content the text
     * @return the message
     */
    public static ChatMessage of(String role, String content) {
        return new ChatMessage(role, content, Map.of());
    }
}
