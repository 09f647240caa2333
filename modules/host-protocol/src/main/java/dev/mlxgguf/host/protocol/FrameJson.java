package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Frame bodies as JSON: the field mapping of each frame type (tags are the records' own). Domain records
 * (requests, prompts, sampling, model info) are mapped by {@link DomainJson}.
 */
final class FrameJson {

    private FrameJson() {
    }

    static JsonObject toJson(Frame frame) {
        JsonObjectBuilder b = Jsonp.object();
        switch (frame) {
            case ToHost f -> toHost(f, b);
            case FromHost f -> fromHost(f, b);
        }
        return b.build();
    }

    private static void toHost(ToHost frame, JsonObjectBuilder b) {
        switch (frame) {
            case ToHost.Load f -> b.add("spec", DomainJson.loadSpec(f.spec()));
            case ToHost.Generate f -> b.add("request", DomainJson.request(f.request()));
            case ToHost.CountTokens f -> b.add("id", f.requestId()).add("prompt", DomainJson.prompt(f.prompt()));
            case ToHost.RenderChat f -> b.add("id", f.requestId()).add("chat", DomainJson.prompt(f.chat()));
            case ToHost.Transcribe f -> b.add("request", SpeechJson.request(f.request()));
            case ToHost.Cancel f -> b.add("id", f.requestId());
            case ToHost.Ping f -> b.add("seq", f.seq());
            case ToHost.Shutdown f -> { }
        }
    }

    private static void fromHost(FromHost frame, JsonObjectBuilder b) {
        switch (frame) {
            case FromHost.Loaded f -> b.add("engine", f.engine()).add("info", DomainJson.modelInfo(f.info()))
                    .add("sampling_defaults", DomainJson.sampling(f.samplingDefaults())).add("load_nanos", f.loadNanos());
            // Token frames travel with a binary body (FrameCodec); this JSON form only serves diagnostics.
            case FromHost.Token f -> b.add("id", f.requestId()).add("text", f.text()).add("tokens", f.tokens());
            case FromHost.Done f -> b.add("id", f.requestId()).add("result", result(f.result()));
            case FromHost.Count f -> b.add("id", f.requestId()).add("count", f.count());
            case FromHost.Rendered f -> b.add("id", f.requestId()).add("text", f.text());
            case FromHost.Transcribed f -> b.add("id", f.requestId()).add("result", SpeechJson.result(f.result()));
            case FromHost.Failed f -> {
                DomainJson.addNullable(b, "id", f.requestId());
                b.add("kind", f.kind().name()).add("message", f.message());
                DomainJson.addNullable(b, "param", f.param());
            }
            case FromHost.Pong f -> b.add("seq", f.seq()).add("stats", stats(f.stats()));
        }
    }

    static ToHost toHost(int tag, JsonObject o) throws ProtocolException {
        return switch (tag) {
            case ToHost.Load.TAG -> new ToHost.Load(DomainJson.loadSpec(o.getJsonObject("spec")));
            case ToHost.Generate.TAG -> new ToHost.Generate(DomainJson.request(o.getJsonObject("request")));
            case ToHost.CountTokens.TAG -> new ToHost.CountTokens(o.getString("id"), DomainJson.prompt(o.getJsonObject("prompt")));
            case ToHost.RenderChat.TAG -> new ToHost.RenderChat(o.getString("id"),
                    (dev.mlxgguf.api.Prompt.Chat) DomainJson.prompt(o.getJsonObject("chat")));
            case ToHost.Transcribe.TAG -> new ToHost.Transcribe(SpeechJson.request(o.getJsonObject("request")));
            case ToHost.Cancel.TAG -> new ToHost.Cancel(o.getString("id"));
            case ToHost.Ping.TAG -> new ToHost.Ping(o.getJsonNumber("seq").longValue());
            case ToHost.Shutdown.TAG -> new ToHost.Shutdown();
            default -> throw new ProtocolException("frame tag " + tag + " is not a frame to a host");
        };
    }

    static FromHost fromHost(int tag, JsonObject o) throws ProtocolException {
        return switch (tag) {
            case FromHost.Loaded.TAG -> new FromHost.Loaded(o.getString("engine"),
                    DomainJson.modelInfo(o.getJsonObject("info")), DomainJson.sampling(o.getJsonObject("sampling_defaults")),
                    o.getJsonNumber("load_nanos").longValue());
            case FromHost.Done.TAG -> new FromHost.Done(o.getString("id"), result(o.getJsonObject("result")));
            case FromHost.Count.TAG -> new FromHost.Count(o.getString("id"), o.getInt("count"));
            case FromHost.Rendered.TAG -> new FromHost.Rendered(o.getString("id"), o.getString("text"));
            case FromHost.Transcribed.TAG -> new FromHost.Transcribed(o.getString("id"),
                    SpeechJson.result(o.getJsonObject("result")));
            case FromHost.Failed.TAG -> new FromHost.Failed(o.getString("id", null), ErrorKind.valueOf(o.getString("kind")),
                    o.getString("message"), o.getString("param", null));
            case FromHost.Pong.TAG -> new FromHost.Pong(o.getJsonNumber("seq").longValue(), stats(o.getJsonObject("stats")));
            default -> throw new ProtocolException("frame tag " + tag + " is not a JSON frame from a host");
        };
    }

    private static JsonObject result(GenerationResult r) {
        return Jsonp.object()
                .add("finish", r.finishReason().name())
                .add("prompt_tokens", r.usage().promptTokens())
                .add("completion_tokens", r.usage().completionTokens())
                .add("cached_tokens", r.usage().cachedTokens())
                .add("prompt_nanos", r.promptEvalNanos())
                .add("generation_nanos", r.generationNanos())
                .add("cache", Jsonp.object()
                        .add("source", r.cache().source())
                        .add("reused_tokens", r.cache().reusedTokens())
                        .add("loaded_id", r.cache().loadedId())
                        .add("saved_id", r.cache().savedId())
                        .add("saved_bytes", r.cache().savedBytes()))
                .build();
    }

    private static GenerationResult result(JsonObject o) {
        JsonObject c = o.getJsonObject("cache");
        return new GenerationResult(FinishReason.valueOf(o.getString("finish")),
                new Usage(o.getInt("prompt_tokens"), o.getInt("completion_tokens"), o.getInt("cached_tokens")),
                o.getJsonNumber("prompt_nanos").longValue(), o.getJsonNumber("generation_nanos").longValue(),
                new dev.mlxgguf.api.CacheReport(c.getString("source"), c.getInt("reused_tokens"), c.getString("loaded_id"),
                        c.getString("saved_id"), c.getJsonNumber("saved_bytes").longValue()));
    }

    private static JsonObject stats(HostStats s) {
        return Jsonp.object()
                .add("tokens_generated", s.tokensGenerated())
                .add("requests_served", s.requestsServed())
                .add("running_request", s.runningRequest())
                .add("running_tokens", s.runningTokens())
                .build();
    }

    private static HostStats stats(JsonObject o) {
        return new HostStats(o.getJsonNumber("tokens_generated").longValue(),
                o.getJsonNumber("requests_served").longValue(), o.getString("running_request"),
                o.getJsonNumber("running_tokens").longValue());
    }
}
