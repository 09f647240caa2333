/**
 * The OpenAI-compatible API: completions and chat completions (JSON and SSE), models, token counts and chat
 * templates. Request bodies become domain records in {@code InferenceRequestParser}; responses are written by
 * {@code CompletionJson}.
 */
package dev.mlxgguf.server.openai;
