package dev.mlxgguf.server.management;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.server.models.LoadRequest;
import dev.mlxgguf.server.openai.InferenceRequestParser;
import dev.mlxgguf.toolcalls.ToolCallFormat;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a {@code /v1/internal/model/load} body into a {@link LoadRequest}. Pure and thread-safe. */
final class LoadRequestParser {

    /** Request fields that may be given at load as per-model generation defaults. */
    static final Set<String> DEFAULT_FIELDS = Set.of("temperature", "max_tokens", "top_p", "top_k", "min_p",
            "typical_p", "repetition_penalty", "repet_penalty", "repetition_context_size", "frequency_penalty",
            "presence_penalty", "mirostat_mode", "mirostat_tau", "mirostat_eta", "logit_bias", "seed", "stop",
            "use_kv_cache", "kv_cache_threshold");
    private static final Pattern CHAT_FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private LoadRequestParser() {
    }

    static LoadRequest parse(JsonObject body) {
        JsonFields f = new JsonFields(body);
        for (String pathField : new String[] {"llm_model_path", "adapter_path", "model_path"}) {
            if (f.has(pathField)) {
                throw new InvalidRequestException(pathField + " is not accepted: name models and adapters by their "
                        + "names in the models and adapters folders", pathField);
            }
        }
        String model = f.string("llm_model_name")
                .orElseThrow(() -> new InvalidRequestException("llm_model_name is required", "llm_model_name"));
        Optional<String> adapter = f.string("adapter_name").filter(s -> !s.isEmpty());
        Optional<String> chatFormat = f.string("chat_format").filter(s -> !s.isEmpty());
        if (chatFormat.isPresent() && !CHAT_FORMAT.matcher(chatFormat.get()).matches()) {
            throw new InvalidRequestException("chat_format must be a template name such as chatml or llama3", "chat_format");
        }
        int context = f.integer("context_length", 0, 1 << 24).orElse(0L).intValue();
        Optional<KvCacheType> kvCacheType;
        try {
            kvCacheType = f.string("kv_cache_type").map(KvCacheType::parse);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("kv_cache_type: " + e.getMessage(), "kv_cache_type");
        }
        Optional<ToolCallFormat> toolCallFormat = f.string("tool_call_format").filter(s -> !s.isEmpty()).map(name ->
                ToolCallFormat.named(name).orElseThrow(() -> new InvalidRequestException("tool_call_format must be one of "
                        + ToolCallFormat.names(), "tool_call_format")));
        boolean autoUnload = f.bool("auto_unload").orElse(true);
        int priority = f.integer("priority", -1000, 1000).orElse(0L).intValue();
        JsonObjectBuilder defaults = Jsonp.object();
        for (String key : DEFAULT_FIELDS) {
            if (body.containsKey(key)) {
                defaults.add(key, body.get(key));
            }
        }
        JsonObject d = defaults.build();
        // Validate the defaults exactly as request fields, so bad values fail the load, not every request.
        InferenceRequestParser.parse(Jsonp.object(d).add("prompt", "").build(), false,
                JsonObject.EMPTY_JSON_OBJECT, SamplingParams.defaults());
        Map<String, Object> plain = JsonTrees.toJdkObject(d);
        return new LoadRequest(model, adapter, chatFormat, context, plain, autoUnload, priority, kvCacheType,
                toolCallFormat);
    }
}
