package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code input} of OpenAI's Responses API as a chat prompt: a string is one user message; an array
 * holds messages ({@code {"role", "content"}}, optionally {@code "type": "message"}) whose content is a
 * string or parts of type {@code input_text} / {@code output_text} / {@code text}. {@code instructions}
 * becomes a system message. Pure.
 */
final class ResponsesInput {

    private ResponsesInput() {
    }

    static Prompt.Chat prompt(JsonObject body) {
        List<ChatMessage> messages = new ArrayList<>();
        if (body.get("instructions") instanceof JsonString s) {
            messages.add(ChatMessage.of("system", s.getString()));
        }
        switch (body.get("input")) {
            case JsonString s -> messages.add(ChatMessage.of("user", s.getString()));
            case JsonArray items -> {
                for (JsonValue item : items) {
                    messages.add(message(item));
                }
            }
            case null, default -> throw new InvalidRequestException("input must be a string or an array of messages", "input");
        }
        if (messages.isEmpty()) {
            throw new InvalidRequestException("input must not be empty", "input");
        }
        return Prompt.Chat.of(messages);
    }

    private static ChatMessage message(JsonValue item) {
        if (!(item instanceof JsonObject o) || !(o.get("role") instanceof JsonString role)) {
            throw new InvalidRequestException("each input item must be a message with a role", "input");
        }
        return switch (o.get("content")) {
            case JsonString s -> ChatMessage.of(role.getString(), s.getString());
            case JsonArray parts -> ChatMessage.of(role.getString(), text(parts));
            case null, default -> throw new InvalidRequestException("message content must be a string or text parts", "input");
        };
    }

    private static String text(JsonArray parts) {
        StringBuilder sb = new StringBuilder();
        for (JsonValue p : parts) {
            if (!(p instanceof JsonObject part) || !(part.get("text") instanceof JsonString t)
                    || !List.of("input_text", "output_text", "text").contains(part.getString("type", ""))) {
                throw new InvalidRequestException("only text content parts are supported", "input");
            }
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(t.getString());
        }
        return sb.toString();
    }
}
