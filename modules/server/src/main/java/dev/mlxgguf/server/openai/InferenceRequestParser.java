package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.JsonFields;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns an inference request body into an {@link InferenceRequest}, validating every field of the
 * API contract (400 naming the field). Per-model defaults from the load are applied under the
 * request's own values. Pure and thread-safe.
 */
public final class InferenceRequestParser {

    /** The original's default {@code max_tokens}. */
    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final int QUEUE_TEXT_LIMIT = 200;

    private InferenceRequestParser() {
    }

    /**
     * Parses a body.
     *
     * @param body           the JSON body
     * @param chat           true for {@code /v1/chat/completions}
     * @param modelDefaults  per-model defaults (field name to JSON value) applied under the body
     * @param engineDefaults the engine's sampling values for fields the request (and the model defaults) leave out
     * @return the request
     * @throws InvalidRequestException naming the bad field
     */
    public static InferenceRequest parse(JsonObject body, boolean chat, JsonObject modelDefaults, SamplingParams engineDefaults) {
        JsonFields f = new JsonFields(merge(modelDefaults, body));
        Prompt prompt = chat ? chatPrompt(f) : textPrompt(f);
        int maxTokens = maxTokens(f);
        boolean stream = f.bool("stream").orElse(false);
        boolean includeUsage = f.object("stream_options")
                .map(o -> new JsonFields(o).bool("include_usage").orElse(false)).orElse(false);
        RequestFields.check(f.body(), chat);
        Optional<ToolFields.Spec> tools = chat ? ToolFields.parse(f) : Optional.empty();
        Optional<OutputConstraint> constraint = OutputFormats.constraint(f);
        return new InferenceRequest(chat, f.string("model"), prompt, sampling(f, engineDefaults), maxTokens, stop(f),
                stream, includeUsage, f.bool("complete_text").orElse(false), queueParams(f, body),
                f.bool("use_kv_cache").orElse(chat),
                f.integer("kv_cache_threshold", 0, Integer.MAX_VALUE).map(Long::intValue)
                        .orElse(dev.mlxgguf.api.CacheOptions.DEFAULT_SAVE_THRESHOLD), constraint, tools);
    }

    /**
     * The prompt of a token-count style body: {@code prompt} (text) or {@code messages} (chat).
     *
     * @param body the body
     * @return the prompt
     * @throws InvalidRequestException if neither or both are given
     */
    static Prompt prompt(JsonObject body) {
        JsonFields f = new JsonFields(body);
        if (f.has("messages")) {
            return chatPrompt(f);
        }
        if (f.has("prompt")) {
            return textPrompt(f);
        }
        throw new InvalidRequestException("prompt or messages is required", "prompt");
    }

    private static JsonObject merge(JsonObject defaults, JsonObject body) {
        if (defaults.isEmpty()) {
            return body;
        }
        var b = Jsonp.object(defaults);
        body.forEach(b::add);
        return b.build();
    }

    private static Prompt textPrompt(JsonFields f) {
        if (f.has("messages")) {
            throw new InvalidRequestException("messages belongs to /v1/chat/completions; send prompt here", "messages");
        }
        JsonValue p = f.value("prompt").orElseThrow(() -> new InvalidRequestException("prompt is required", "prompt"));
        String text = switch (p) {
            case JsonString s -> s.getString();
            case JsonArray a when a.size() == 1 && a.get(0) instanceof JsonString s -> s.getString();
            case JsonArray a -> throw new InvalidRequestException("prompt must be one string (batches and token arrays "
                    + "are not supported)", "prompt");
            default -> throw new InvalidRequestException("prompt must be a string", "prompt");
        };
        if (f.bool("apply_chat_template").orElse(false)) {
            return new Prompt.Chat(List.of(ChatMessage.of("user", text)), List.of(), true, templateKwargs(f));
        }
        return new Prompt.Text(text);
    }

    private static Prompt.Chat chatPrompt(JsonFields f) {
        if (f.has("prompt")) {
            throw new InvalidRequestException("send either messages or prompt, not both", "prompt");
        }
        JsonValue v = f.value("messages").orElseThrow(() -> new InvalidRequestException("messages is required", "messages"));
        if (!(v instanceof JsonArray array) || array.isEmpty()) {
            throw new InvalidRequestException("messages must be a non-empty array", "messages");
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonValue m : array) {
            messages.add(message(m));
        }
        List<Object> tools = List.of();
        if (f.has("tools")) {
            if (!(f.body().get("tools") instanceof JsonArray t)) {
                throw new InvalidRequestException("tools must be an array", "tools");
            }
            tools = castList(JsonTrees.toJdk(t));
        }
        return new Prompt.Chat(messages, tools, f.bool("add_generation_prompt").orElse(true), templateKwargs(f));
    }

    /**
     * The chat of an apply-template body: {@code messages}, {@code tools}, {@code add_generation_prompt}
     * (default true) and {@code chat_template_kwargs}.
     *
     * @param body the body
     * @return the chat
     */
    static Prompt.Chat chat(JsonObject body) {
        return chatPrompt(new JsonFields(body));
    }

    private static Map<String, Object> templateKwargs(JsonFields f) {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        f.object("chat_template_kwargs").ifPresent(o -> kwargs.putAll(JsonTrees.toJdkObject(o)));
        f.bool("enable_thinking").ifPresent(b -> kwargs.put("enable_thinking", b));
        f.string("reasoning_effort").ifPresent(effort -> {
            if (!List.of("none", "minimal", "low", "medium", "high").contains(effort)) {
                throw new InvalidRequestException("reasoning_effort must be none, minimal, low, medium or high",
                        "reasoning_effort");
            }
            kwargs.put("reasoning_effort", effort);
            if ((effort.equals("none") || effort.equals("minimal")) && !kwargs.containsKey("enable_thinking")) {
                kwargs.put("enable_thinking", false);
            }
        });
        f.value("tool_choice").ifPresent(v -> kwargs.put("tool_choice", JsonTrees.toJdk(v)));
        return kwargs;
    }

    private static ChatMessage message(JsonValue v) {
        if (!(v instanceof JsonObject o)) {
            throw new InvalidRequestException("each message must be an object", "messages");
        }
        if (!(o.get("role") instanceof JsonString role) || role.getString().isBlank()) {
            throw new InvalidRequestException("each message needs a role", "messages");
        }
        String content = switch (o.get("content")) {
            case null -> null;
            case JsonString s -> s.getString();
            case JsonArray parts -> textOfParts(parts);
            case JsonValue x when x.getValueType() == JsonValue.ValueType.NULL -> null;
            default -> throw new InvalidRequestException("message content must be a string or an array of text parts",
                    "messages");
        };
        Map<String, Object> extras = new LinkedHashMap<>();
        o.forEach((k, val) -> {
            if (!k.equals("role") && !k.equals("content")) {
                extras.put(k, JsonTrees.toJdk(val));
            }
        });
        return new ChatMessage(role.getString(), content, extras);
    }

    private static String textOfParts(JsonArray parts) {
        StringBuilder text = new StringBuilder();
        for (JsonValue p : parts) {
            if (!(p instanceof JsonObject part) || !"text".equals(part.getString("type", null))
                    || !(part.get("text") instanceof JsonString s)) {
                throw new InvalidRequestException("only {\"type\": \"text\", \"text\": ...} content parts are supported",
                        "messages");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(s.getString());
        }
        return text.toString();
    }

    private static int maxTokens(JsonFields f) {
        String key = f.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        if (!f.has(key) && f.body().containsKey(key)) {
            return -1; // explicit null: until the context is full
        }
        return f.integer(key, 0, Integer.MAX_VALUE).map(Long::intValue).orElse(DEFAULT_MAX_TOKENS);
    }

    private static SamplingParams sampling(JsonFields f, SamplingParams engineDefaults) {
        SamplingParams.Builder b = engineDefaults.toBuilder();
        f.number("temperature", 0, 100).ifPresent(b::temperature);
        f.number("top_p", Double.MIN_VALUE, 1).ifPresent(b::topP);
        f.integer("top_k", 0, Integer.MAX_VALUE).ifPresent(v -> b.topK(v.intValue()));
        f.number("min_p", 0, 1).ifPresent(b::minP);
        f.number("typical_p", Double.MIN_VALUE, 1).ifPresent(b::typicalP);
        f.number("repetition_penalty", Double.MIN_VALUE, 100).or(() -> f.number("repet_penalty", Double.MIN_VALUE, 100))
                .ifPresent(b::repetitionPenalty);
        f.integer("repetition_context_size", 0, 1 << 20).ifPresent(v -> b.repetitionContextSize(v.intValue()));
        f.number("frequency_penalty", -2, 2).ifPresent(b::frequencyPenalty);
        f.number("presence_penalty", -2, 2).ifPresent(b::presencePenalty);
        f.integer("mirostat_mode", 0, 2).or(() -> f.integer("mirostat", 0, 2)).ifPresent(v -> b.mirostatMode(v.intValue()));
        f.number("mirostat_tau", Double.MIN_VALUE, 100).ifPresent(b::mirostatTau);
        f.number("mirostat_eta", Double.MIN_VALUE, 100).ifPresent(b::mirostatEta);
        f.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE).ifPresent(b::seed);
        f.object("logit_bias").ifPresent(o -> b.logitBias(logitBias(o)));
        return b.build();
    }

    private static Map<Integer, Double> logitBias(JsonObject o) {
        Map<Integer, Double> bias = new LinkedHashMap<>();
        for (var e : o.entrySet()) {
            int token;
            try {
                token = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw new InvalidRequestException("logit_bias keys must be token ids", "logit_bias");
            }
            if (token < 0 || !(e.getValue() instanceof JsonNumber n) || Math.abs(n.doubleValue()) > 100) {
                throw new InvalidRequestException("logit_bias maps token ids to numbers in [-100, 100]", "logit_bias");
            }
            bias.put(token, n.doubleValue());
        }
        return bias;
    }

    private static List<String> stop(JsonFields f) {
        Optional<JsonValue> v = f.value("stop");
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> stops = new ArrayList<>();
        switch (v.get()) {
            case JsonString s -> stops.add(s.getString());
            case JsonArray a -> {
                for (JsonValue x : a) {
                    if (!(x instanceof JsonString s)) {
                        throw new InvalidRequestException("stop must be a string or an array of strings", "stop");
                    }
                    stops.add(s.getString());
                }
            }
            default -> throw new InvalidRequestException("stop must be a string or an array of strings", "stop");
        }
        if (stops.size() > 16) {
            throw new InvalidRequestException("at most 16 stop strings", "stop");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw new InvalidRequestException("stop strings must not be empty", "stop");
        }
        return stops;
    }

    private static Map<String, Object> queueParams(JsonFields f, JsonObject body) {
        Map<String, Object> params = new LinkedHashMap<>();
        body.forEach((k, v) -> params.put(k, truncate(JsonTrees.toJdk(v))));
        params.putIfAbsent("stream", false);
        return params;
    }

    private static Object truncate(Object v) {
        return switch (v) {
            case String s when s.length() > QUEUE_TEXT_LIMIT -> s.substring(0, QUEUE_TEXT_LIMIT) + "…";
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put((String) k, truncate(x)));
                yield out;
            }
            case List<?> l -> l.stream().map(InferenceRequestParser::truncate).toList();
            case null, default -> v;
        };
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
        return (List<Object>) o;
    }
}
