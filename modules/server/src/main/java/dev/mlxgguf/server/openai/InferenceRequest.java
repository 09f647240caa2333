package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code /v1/completions} or {@code /v1/chat/completions} request.
 *
 * @param chat           true for the chat endpoint (chat response shapes)
 * @param model          the body's {@code model} field, if any
 * @param prompt         text or chat prompt for the engine
 * @param sampling       sampling parameters
 * @param maxTokens      token limit, -1 = until the context is full
 * @param stop           stop strings
 * @param stream         SSE instead of one JSON response
 * @param includeUsage   {@code stream_options.include_usage}: usage in a separate final chunk
 * @param completeText   the original's {@code complete_text}: the final chunk carries the whole text
 * @param queueParams    the request's parameters for the process list (prompt text truncated)
 * @param useCache       {@code use_kv_cache}: reuse and keep prompt state (default on for chat)
 * @param cacheThreshold {@code kv_cache_threshold}: prompts of at least this many tokens are saved to disk
 * @param constraint     {@code response_format}, {@code json_schema} or {@code grammar}: what the output must follow
 * @param tools          {@code tools}, {@code tool_choice} and {@code parallel_tool_calls}, if the chat has tools
 */
record InferenceRequest(boolean chat, Optional<String> model, Prompt prompt, SamplingParams sampling, int maxTokens,
                        List<String> stop, boolean stream, boolean includeUsage, boolean completeText,
                        Map<String, Object> queueParams, boolean useCache, int cacheThreshold,
                        Optional<OutputConstraint> constraint, Optional<ToolFields.Spec> tools) {

    InferenceRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        stop = List.copyOf(stop);
        queueParams = dev.mlxgguf.api.JsonValues.copyObject(queueParams);
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(tools, "tools");
    }

    /** {@return the original's task name for the process list} */
    String taskName() {
        return stream ? "completions_stream" : "completions";
    }
}
