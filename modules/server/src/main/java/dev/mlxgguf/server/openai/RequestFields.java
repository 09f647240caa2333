package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.InvalidRequestException;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Every request field of {@code /v1/chat/completions} and {@code /v1/completions}, with what the server does
 * with it: implemented, accepted as a documented no-op, or refused with a 400 naming it. A field outside the
 * table is refused as unknown. {@code docs/OPENAI_COMPAT.md} publishes this table (a test keeps the two equal).
 * Immutable; thread-safe.
 */
public final class RequestFields {

    /** What the server does with a field. */
    public enum Status {
        /** Changes the answer as documented. */
        IMPLEMENTED,
        /** Accepted and ignored, for the reason given: it would not change the answer of a local server. */
        NO_OP,
        /** Always 400 naming the field (or for the values the notes give). */
        REFUSED
    }

    /** Which endpoints take a field. */
    public enum Endpoint {
        /** Both. */
        BOTH,
        /** Only {@code /v1/chat/completions}. */
        CHAT,
        /** Only {@code /v1/completions}. */
        COMPLETIONS
    }

    /**
     * One field.
     *
     * @param name     the JSON key
     * @param endpoint where it is taken
     * @param status   what is done with it
     * @param notes    how, or why not
     * @param refused  a JSON value of the field that gets a 400 naming it (for tests), or empty
     */
    public record Field(String name, Endpoint endpoint, Status status, String notes, Optional<String> refused) {
    }

    private static final List<Field> FIELDS = List.of(
            f("model", Endpoint.BOTH, Status.IMPLEMENTED, "routes to a loaded model (the X-Model-Id slot wins); echoed back"),
            f("messages", Endpoint.CHAT, Status.IMPLEMENTED, "string content or text parts; other part types 400"),
            f("prompt", Endpoint.COMPLETIONS, Status.IMPLEMENTED, "one string (or a one-string array); batches and token arrays 400", "[1, 2]"),
            f("max_tokens", Endpoint.BOTH, Status.IMPLEMENTED, "default 4096, capped by the context; null = until the context is full"),
            f("max_completion_tokens", Endpoint.BOTH, Status.IMPLEMENTED, "as max_tokens, and wins over it"),
            f("temperature", Endpoint.BOTH, Status.IMPLEMENTED, "0 = greedy"),
            f("top_p", Endpoint.BOTH, Status.IMPLEMENTED, "nucleus sampling"),
            f("top_k", Endpoint.BOTH, Status.IMPLEMENTED, "extension"),
            f("min_p", Endpoint.BOTH, Status.IMPLEMENTED, "extension"),
            f("typical_p", Endpoint.BOTH, Status.IMPLEMENTED, "extension"),
            f("repetition_penalty", Endpoint.BOTH, Status.IMPLEMENTED, "extension"),
            f("repet_penalty", Endpoint.BOTH, Status.IMPLEMENTED, "alias of repetition_penalty (the original's name)"),
            f("repetition_context_size", Endpoint.BOTH, Status.IMPLEMENTED, "extension: tokens the penalties look back over"),
            f("frequency_penalty", Endpoint.BOTH, Status.IMPLEMENTED, "[-2, 2]"),
            f("presence_penalty", Endpoint.BOTH, Status.IMPLEMENTED, "[-2, 2]"),
            f("mirostat_mode", Endpoint.BOTH, Status.IMPLEMENTED, "extension: 0, 1 or 2"),
            f("mirostat", Endpoint.BOTH, Status.IMPLEMENTED, "alias of mirostat_mode (llama-server's name)"),
            f("mirostat_tau", Endpoint.BOTH, Status.IMPLEMENTED, "extension"),
            f("mirostat_eta", Endpoint.BOTH, Status.IMPLEMENTED, "extension"),
            f("seed", Endpoint.BOTH, Status.IMPLEMENTED, "same seed and parameters give the same output"),
            f("logit_bias", Endpoint.BOTH, Status.IMPLEMENTED, "token id to bias in [-100, 100]"),
            f("stop", Endpoint.BOTH, Status.IMPLEMENTED, "a string or up to 16; the stop text is never emitted"),
            f("stream", Endpoint.BOTH, Status.IMPLEMENTED, "SSE"),
            f("stream_options", Endpoint.BOTH, Status.IMPLEMENTED, "include_usage"),
            f("response_format", Endpoint.BOTH, Status.IMPLEMENTED, "text, json_object, json_schema (name, schema, strict, "
                    + "description); enforced token by token; an unsupported schema keyword 400s with its JSON pointer",
                    "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\", \"schema\": {\"type\": \"string\", \"contentEncoding\": \"base64\"}}}"),
            f("json_schema", Endpoint.BOTH, Status.IMPLEMENTED, "llama-server's extension: a JSON Schema the output follows",
                    "{\"not\": {}}"),
            f("grammar", Endpoint.BOTH, Status.IMPLEMENTED, "llama-server's extension: a GBNF grammar the output follows",
                    "\"root ::= [a-\""),
            f("complete_text", Endpoint.BOTH, Status.IMPLEMENTED, "the original's: the final SSE chunk carries the whole text"),
            f("use_kv_cache", Endpoint.BOTH, Status.IMPLEMENTED, "the original's prompt cache (default on for chat)"),
            f("kv_cache_threshold", Endpoint.BOTH, Status.IMPLEMENTED, "the original's: prompts this long are saved to disk"),
            f("enable_thinking", Endpoint.BOTH, Status.IMPLEMENTED, "passed to the chat template"),
            f("chat_template_kwargs", Endpoint.BOTH, Status.IMPLEMENTED, "passed to the chat template"),
            f("apply_chat_template", Endpoint.COMPLETIONS, Status.IMPLEMENTED, "the original's: the prompt becomes a user message"),
            f("add_generation_prompt", Endpoint.CHAT, Status.IMPLEMENTED, "passed to the chat template (default true)"),
            f("tools", Endpoint.CHAT, Status.IMPLEMENTED, "type function (name, description, parameters, strict): rendered by the "
                    + "chat template, calls parsed from the answer in the model's format into message.tool_calls; a strict "
                    + "schema the grammar cannot enforce 400s", "[{\"type\": \"retrieval\"}]"),
            f("tool_choice", Endpoint.CHAT, Status.IMPLEMENTED, "auto (a started call is constrained to be valid), none (no call "
                    + "parsed or generated), required, or a named function (the answer is constrained to calls)",
                    "\"sometimes\""),
            f("parallel_tool_calls", Endpoint.CHAT, Status.IMPLEMENTED, "false: exactly one call (when the model calls)"),
            f("n", Endpoint.BOTH, Status.REFUSED, "1 only; more choices 400", "2"),
            f("logprobs", Endpoint.BOTH, Status.REFUSED, "false only", "true"),
            f("top_logprobs", Endpoint.BOTH, Status.REFUSED, "needs logprobs", "2"),
            f("echo", Endpoint.COMPLETIONS, Status.REFUSED, "false only", "true"),
            f("suffix", Endpoint.COMPLETIONS, Status.REFUSED, "empty only (no fill-in-the-middle)", "\"x\""),
            f("best_of", Endpoint.COMPLETIONS, Status.REFUSED, "1 only", "2"),
            f("functions", Endpoint.CHAT, Status.REFUSED, "deprecated by OpenAI; send tools", "[]"),
            f("function_call", Endpoint.CHAT, Status.REFUSED, "deprecated by OpenAI; send tool_choice", "\"auto\""),
            f("modalities", Endpoint.CHAT, Status.REFUSED, "[\"text\"] only", "[\"audio\"]"),
            f("audio", Endpoint.CHAT, Status.REFUSED, "no audio output", "{}"),
            f("prediction", Endpoint.CHAT, Status.REFUSED, "no predicted outputs", "{}"),
            f("reasoning_effort", Endpoint.CHAT, Status.IMPLEMENTED, "passed to the chat template (gpt-oss reads it); none and "
                    + "minimal also set enable_thinking false unless the request sets it", "\"extreme\""),
            f("verbosity", Endpoint.CHAT, Status.REFUSED, "no verbosity control", "\"low\""),
            f("web_search_options", Endpoint.CHAT, Status.REFUSED, "no web search", "{}"),
            f("user", Endpoint.BOTH, Status.NO_OP, "an end-user id for abuse monitoring; a local server monitors nothing"),
            f("safety_identifier", Endpoint.BOTH, Status.NO_OP, "as user"),
            f("metadata", Endpoint.BOTH, Status.NO_OP, "tags for stored completions; nothing is stored"),
            f("store", Endpoint.BOTH, Status.NO_OP, "completions are never stored"),
            f("service_tier", Endpoint.BOTH, Status.NO_OP, "one tier"),
            f("prompt_cache_key", Endpoint.BOTH, Status.NO_OP, "the prompt cache is keyed by the prompt's tokens"));

    private RequestFields() {
    }

    private static Field f(String name, Endpoint e, Status s, String notes) {
        return new Field(name, e, s, notes, Optional.empty());
    }

    private static Field f(String name, Endpoint e, Status s, String notes, String refused) {
        return new Field(name, e, s, notes, Optional.of(refused));
    }

    /** {@return every field, in the published order} */
    public static List<Field> all() {
        return FIELDS;
    }

    /**
     * Refuses a field the endpoint does not know and one whose status is {@link Status#REFUSED} (the caller
     * refuses refused values of implemented fields).
     *
     * @param body the request body
     * @param chat whether it is the chat endpoint
     * @throws InvalidRequestException naming the field
     */
    static void check(JsonObject body, boolean chat) {
        for (String key : body.keySet()) {
            Field field = FIELDS.stream().filter(x -> x.name().equals(key)
                    && (x.endpoint() == Endpoint.BOTH || (x.endpoint() == Endpoint.CHAT) == chat)).findFirst()
                    .orElseThrow(() -> new InvalidRequestException("unknown field " + key + " for "
                            + (chat ? "/v1/chat/completions" : "/v1/completions") + " (see docs/OPENAI_COMPAT.md)", key));
            if (field.status() == Status.REFUSED && !neutral(body, key)) {
                throw new InvalidRequestException(key + " is not supported: " + field.notes(), key);
            }
        }
    }

    /** Whether a refused field carries the value that asks for nothing (n 1, logprobs false, ...). */
    private static boolean neutral(JsonObject body, String key) {
        var v = body.get(key);
        String text = v.toString();
        return switch (key) {
            case "n", "best_of" -> v instanceof JsonNumber n && n.bigDecimalValue().compareTo(BigDecimal.ONE) == 0;
            case "logprobs", "echo" -> text.equals("false") || (v instanceof JsonNumber n && n.bigDecimalValue().signum() == 0);
            case "top_logprobs" -> v instanceof JsonNumber n && n.bigDecimalValue().signum() == 0;
            case "suffix" -> text.equals("\"\"");
            case "modalities" -> text.replace(" ", "").equals("[\"text\"]");
            default -> false;
        } || v.getValueType() == JsonValue.ValueType.NULL;
    }
}
