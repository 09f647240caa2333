package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * JSON of completion responses and stream chunks, in OpenAI's shapes plus the original's extras
 * ({@code prompt_eval_time}, {@code generation_time}, {@code complete_text}). Pure.
 *
 * @param chat    chat shapes ({@code chat.completion[.chunk]}) instead of {@code text_completion}
 * @param id      response id ({@code chatcmpl-…} or {@code cmpl-…})
 * @param created unix seconds
 * @param model   the loaded model's name
 */
record CompletionJson(boolean chat, String id, long created, String model) {

    /** Stands for the text while a text chunk's fixed parts are serialised; never appears in a model's text. */
    private static final String MARK = "\u0000text\u0000";

    /** {@return the full non-streaming response} @param text generated text @param result how it ended */
    JsonObject response(String text, GenerationResult result) {
        JsonObjectBuilder choice = Jsonp.object().add("index", 0);
        if (chat) {
            choice.add("message", Jsonp.object().add("role", "assistant").add("content", text));
        } else {
            choice.add("text", text);
        }
        choice.addNull("logprobs").add("finish_reason", result.finishReason().wireName());
        return envelope(chat ? "chat.completion" : "text_completion")
                .add("choices", Jsonp.array().add(choice))
                .add("usage", usage(result))
                .build();
    }

    /**
     * @param answer the chat answer (content, reasoning, tool calls)
     * @param result how it ended
     * @return the full non-streaming chat response
     */
    JsonObject response(ChatAnswer answer, GenerationResult result) {
        JsonObjectBuilder choice = Jsonp.object().add("index", 0).add("message", answer.message())
                .addNull("logprobs").add("finish_reason", answer.finishReason(result));
        return envelope("chat.completion").add("choices", Jsonp.array().add(choice)).add("usage", usage(result)).build();
    }

    /** @param delta a chat delta ({@code content}, {@code reasoning_content} or {@code tool_calls}) @return its chunk */
    JsonObject deltaChunk(JsonObject delta) {
        return chunk(Jsonp.object(delta), null).build();
    }

    /** {@return the first chat chunk, announcing the assistant role} */
    JsonObject roleChunk() {
        return chunk(Jsonp.object().add("role", "assistant").add("content", ""), null).build();
    }

    /** {@return a chunk carrying generated text} @param text the piece */
    JsonObject textChunk(String text) {
        return chunk(chat ? Jsonp.object().add("content", text) : null, text).build();
    }

    /**
     * The JSON text of text chunks, serialised once around the text: per token only the text is escaped
     * ({@link Jsonp#quote}), with the same bytes as {@link #textChunk}'s compact JSON.
     */
    record TextChunks(String prefix, String suffix) {

        /** {@return the chunk's JSON text} @param text the piece */
        String of(String text) {
            return prefix + Jsonp.quote(text) + suffix;
        }
    }

    /** {@return the text-chunk template of this response} */
    TextChunks textChunks() {
        String whole = Jsonp.write(textChunk(MARK));
        String quoted = Jsonp.quote(MARK);
        int at = whole.indexOf(quoted);
        return new TextChunks(whole.substring(0, at), whole.substring(at + quoted.length()));
    }

    /**
     * The final choice chunk with the finish reason.
     *
     * @param result        how it ended
     * @param withUsage     put usage on this chunk (the original's clients read it here)
     * @param completeText  the whole generated text for the original's {@code complete_text}, or null
     * @return the chunk
     */
    JsonObject finalChunk(GenerationResult result, boolean withUsage, String completeText) {
        return finalChunk(result, result.finishReason().wireName(), withUsage, completeText);
    }

    /**
     * The final choice chunk with a finish reason of the caller's ({@code tool_calls} after calls).
     *
     * @param result        how it ended
     * @param finishReason  the wire finish reason
     * @param withUsage     put usage on this chunk
     * @param completeText  the whole generated text, or null
     * @return the chunk
     */
    JsonObject finalChunk(GenerationResult result, String finishReason, boolean withUsage, String completeText) {
        JsonObjectBuilder choice = Jsonp.object().add("index", 0);
        if (chat) {
            choice.add("delta", Jsonp.object());
        } else {
            choice.add("text", "");
        }
        choice.addNull("logprobs").add("finish_reason", finishReason);
        if (completeText != null) {
            choice.add("complete_text", completeText);
        }
        JsonObjectBuilder b = envelope(chunkObject()).add("choices", Jsonp.array().add(choice));
        if (withUsage) {
            b.add("usage", usage(result));
        }
        return b.build();
    }

    /** {@return OpenAI's separate usage chunk ({@code choices: []})} @param result how it ended */
    JsonObject usageChunk(GenerationResult result) {
        return envelope(chunkObject()).add("choices", Jsonp.array()).add("usage", usage(result)).build();
    }

    static JsonObjectBuilder usage(GenerationResult result) {
        Usage u = result.usage();
        return Jsonp.object()
                .add("prompt_tokens", u.promptTokens())
                .add("completion_tokens", u.completionTokens())
                .add("total_tokens", u.totalTokens())
                .add("prompt_tokens_details", Jsonp.object().add("cached_tokens", u.cachedTokens()))
                .add("prompt_eval_time", result.promptEvalNanos() / 1e9)
                .add("generation_time", result.generationNanos() / 1e9)
                .add("kv_cache", Jsonp.object()
                        .add("source", result.cache().source())
                        .add("reused_tokens", result.cache().reusedTokens())
                        .add("saved", !result.cache().savedId().isEmpty())
                        .add("state_id", result.cache().savedId().isEmpty() ? result.cache().loadedId()
                                : result.cache().savedId()));
    }

    private JsonObjectBuilder chunk(JsonObjectBuilder delta, String text) {
        JsonObjectBuilder choice = Jsonp.object().add("index", 0);
        if (chat) {
            choice.add("delta", delta);
        } else {
            choice.add("text", text);
        }
        choice.addNull("logprobs").addNull("finish_reason");
        JsonArrayBuilder choices = Jsonp.array().add(choice);
        return envelope(chunkObject()).add("choices", choices);
    }

    private String chunkObject() {
        return chat ? "chat.completion.chunk" : "text_completion";
    }

    private JsonObjectBuilder envelope(String object) {
        return Jsonp.object().add("id", id).add("object", object).add("created", created).add("model", model);
    }
}
