package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** JSON mapping of the domain records that travel inside frames. Internal wire format, not the HTTP API. */
final class DomainJson {

    private DomainJson() {
    }

    static void addNullable(JsonObjectBuilder b, String key, String value) {
        if (value == null) {
            b.addNull(key);
        } else {
            b.add(key, value);
        }
    }

    static JsonObject loadSpec(HostLoadSpec s) {
        JsonObjectBuilder b = Jsonp.object()
                .add("model", s.model().toString())
                .add("context_length", s.contextLength())
                .add("threads", s.threads())
                .add("kv_cache_type", s.kvCacheType().wireName());
        s.engine().ifPresent(e -> b.add("engine", e));
        s.adapter().ifPresent(a -> b.add("adapter", a.toString()));
        s.chatFormat().ifPresent(c -> b.add("chat_format", c));
        return b.build();
    }

    static HostLoadSpec loadSpec(JsonObject o) {
        return new HostLoadSpec(Optional.ofNullable(o.getString("engine", null)), Path.of(o.getString("model")),
                Optional.ofNullable(o.getString("adapter", null)).map(Path::of), o.getInt("context_length"),
                Optional.ofNullable(o.getString("chat_format", null)), o.getInt("threads"),
                KvCacheType.parse(o.getString("kv_cache_type", KvCacheType.F16.wireName())));
    }

    static JsonObject modelInfo(ModelInfo i) {
        return Jsonp.object()
                .add("format", i.format())
                .add("architecture", i.architecture())
                .add("context_length", i.contextLength())
                .add("train_context_length", i.trainContextLength())
                .add("quantization", i.quantization())
                .add("parameter_count", i.parameterCount())
                .add("vocabulary_size", i.vocabularySize())
                .add("has_chat_template", i.hasChatTemplate())
                .add("tool_call_format", i.toolCallFormat())
                .add("reasoning_format", i.reasoningFormat())
                .build();
    }

    static ModelInfo modelInfo(JsonObject o) {
        return new ModelInfo(o.getString("format"), o.getString("architecture"), o.getInt("context_length"),
                o.getInt("train_context_length"), o.getString("quantization"),
                o.getJsonNumber("parameter_count").longValue(), o.getInt("vocabulary_size"),
                o.getBoolean("has_chat_template"), o.getString("tool_call_format", "generic"),
                o.getString("reasoning_format", "none"));
    }

    static JsonObject request(GenerationRequest r) {
        JsonArrayBuilder stop = Jsonp.array();
        r.stop().forEach(stop::add);
        return Jsonp.object()
                .add("id", r.id())
                .add("prompt", prompt(r.prompt()))
                .add("sampling", sampling(r.sampling()))
                .add("max_tokens", r.maxTokens())
                .add("stop", stop)
                .add("threads", r.threads())
                .add("cache", Jsonp.object()
                        .add("enabled", r.cache().enabled())
                        .add("save_threshold", r.cache().saveThreshold())
                        .add("model_key", r.cache().modelKey())
                        .add("directory", r.cache().directory()))
                .add("constraint", r.constraint().map(c -> (JsonValue) Jsonp.object()
                        .add("kind", c.kind().name()).add("source", c.source()).build()).orElse(JsonValue.NULL))
                .build();
    }

    static GenerationRequest request(JsonObject o) {
        List<String> stop = new ArrayList<>();
        o.getJsonArray("stop").getValuesAs(jakarta.json.JsonString.class).forEach(s -> stop.add(s.getString()));
        JsonObject c = o.getJsonObject("cache");
        return new GenerationRequest(o.getString("id"), prompt(o.getJsonObject("prompt")),
                sampling(o.getJsonObject("sampling")), o.getInt("max_tokens"), stop, o.getInt("threads"),
                new dev.mlxgguf.api.CacheOptions(c.getBoolean("enabled"), c.getInt("save_threshold"),
                        c.getString("model_key"), c.getString("directory")),
                o.get("constraint") instanceof JsonObject k
                        ? Optional.of(new OutputConstraint(OutputConstraint.Kind.valueOf(k.getString("kind")), k.getString("source")))
                        : Optional.empty());
    }

    static JsonObject prompt(Prompt p) {
        return switch (p) {
            case Prompt.Text t -> Jsonp.object().add("type", "text").add("text", t.text()).build();
            case Prompt.Chat c -> {
                JsonArrayBuilder messages = Jsonp.array();
                for (ChatMessage m : c.messages()) {
                    JsonObjectBuilder mb = Jsonp.object().add("role", m.role())
                            .add("extras", JsonTrees.toJson(m.extras()));
                    addNullable(mb, "content", m.content());
                    messages.add(mb);
                }
                yield Jsonp.object().add("type", "chat")
                        .add("messages", messages)
                        .add("tools", JsonTrees.toJson(c.tools()))
                        .add("add_generation_prompt", c.addGenerationPrompt())
                        .add("template_kwargs", JsonTrees.toJson(c.templateKwargs()))
                        .build();
            }
        };
    }

    @SuppressWarnings("unchecked")
    static Prompt prompt(JsonObject o) {
        if ("text".equals(o.getString("type"))) {
            return new Prompt.Text(o.getString("text"));
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("messages")) {
            JsonObject m = v.asJsonObject();
            String content = m.isNull("content") ? null : m.getString("content");
            messages.add(new ChatMessage(m.getString("role"), content, JsonTrees.toJdkObject(m.getJsonObject("extras"))));
        }
        return new Prompt.Chat(messages, (List<Object>) JsonTrees.toJdk(o.getJsonArray("tools")),
                o.getBoolean("add_generation_prompt"), JsonTrees.toJdkObject(o.getJsonObject("template_kwargs")));
    }

    static JsonObject sampling(SamplingParams s) {
        JsonObjectBuilder bias = Jsonp.object();
        s.logitBias().forEach((k, v) -> bias.add(Integer.toString(k), v));
        JsonObjectBuilder b = Jsonp.object()
                .add("temperature", s.temperature()).add("top_p", s.topP()).add("top_k", s.topK())
                .add("min_p", s.minP()).add("typical_p", s.typicalP())
                .add("repetition_penalty", s.repetitionPenalty())
                .add("repetition_context_size", s.repetitionContextSize())
                .add("frequency_penalty", s.frequencyPenalty()).add("presence_penalty", s.presencePenalty())
                .add("mirostat_mode", s.mirostatMode()).add("mirostat_tau", s.mirostatTau())
                .add("mirostat_eta", s.mirostatEta()).add("logit_bias", bias);
        if (s.seed() != null) {
            b.add("seed", s.seed());
        }
        return b.build();
    }

    static SamplingParams sampling(JsonObject o) {
        Map<Integer, Double> bias = new LinkedHashMap<>();
        o.getJsonObject("logit_bias").forEach((k, v) -> bias.put(Integer.parseInt(k), ((jakarta.json.JsonNumber) v).doubleValue()));
        return SamplingParams.builder()
                .temperature(d(o, "temperature")).topP(d(o, "top_p")).topK(o.getInt("top_k"))
                .minP(d(o, "min_p")).typicalP(d(o, "typical_p"))
                .repetitionPenalty(d(o, "repetition_penalty"))
                .repetitionContextSize(o.getInt("repetition_context_size"))
                .frequencyPenalty(d(o, "frequency_penalty")).presencePenalty(d(o, "presence_penalty"))
                .mirostatMode(o.getInt("mirostat_mode")).mirostatTau(d(o, "mirostat_tau"))
                .mirostatEta(d(o, "mirostat_eta"))
                .seed(o.containsKey("seed") ? o.getJsonNumber("seed").longValue() : null)
                .logitBias(bias)
                .build();
    }

    private static double d(JsonObject o, String key) {
        return o.getJsonNumber(key).doubleValue();
    }

}
