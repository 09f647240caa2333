package dev.mlxgguf.host.protocol;

import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Usage;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Frame bodies as JSON: one tag per frame type and the field mapping of each. Domain records
 * (requests, prompts, sampling, model info) are mapped by {@link DomainJson}.
 */
final class FrameJson {

    private FrameJson() {
    }

    static int tag(Frame frame) {
        return switch (frame) {
            case Frame.Load f -> 1;
            case Frame.Loaded f -> 2;
            case Frame.Generate f -> 3;
            case Frame.Token f -> 4;
            case Frame.Done f -> 5;
            case Frame.CountTokens f -> 6;
            case Frame.Count f -> 7;
            case Frame.RenderChat f -> 8;
            case Frame.Rendered f -> 9;
            case Frame.Failed f -> 10;
            case Frame.Cancel f -> 11;
            case Frame.Ping f -> 12;
            case Frame.Pong f -> 13;
            case Frame.Shutdown f -> 14;
            case Frame.Transcribe f -> 15;
            case Frame.Transcribed f -> 16;
        };
    }

    static JsonObject toJson(Frame frame) {
        JsonObjectBuilder b = Jsonp.object();
        switch (frame) {
            case Frame.Load f -> b.add("spec", DomainJson.loadSpec(f.spec()));
            case Frame.Loaded f -> b.add("engine", f.engine()).add("info", DomainJson.modelInfo(f.info()))
                    .add("load_nanos", f.loadNanos());
            case Frame.Generate f -> b.add("request", DomainJson.request(f.request()));
            case Frame.Token f -> b.add("id", f.requestId()).add("text", f.text()).add("tokens", f.tokens());
            case Frame.Done f -> b.add("id", f.requestId()).add("result", result(f.result()));
            case Frame.CountTokens f -> b.add("id", f.requestId()).add("prompt", DomainJson.prompt(f.prompt()));
            case Frame.Count f -> b.add("id", f.requestId()).add("count", f.count());
            case Frame.RenderChat f -> b.add("id", f.requestId()).add("chat", DomainJson.prompt(f.chat()));
            case Frame.Rendered f -> b.add("id", f.requestId()).add("text", f.text());
            case Frame.Failed f -> {
                DomainJson.addNullable(b, "id", f.requestId());
                b.add("kind", f.kind().name()).add("message", f.message());
                DomainJson.addNullable(b, "param", f.param());
            }
            case Frame.Cancel f -> b.add("id", f.requestId());
            case Frame.Ping f -> b.add("seq", f.seq());
            case Frame.Pong f -> b.add("seq", f.seq()).add("stats", stats(f.stats()));
            case Frame.Shutdown f -> { }
            case Frame.Transcribe f -> b.add("request", SpeechJson.request(f.request()));
            case Frame.Transcribed f -> b.add("id", f.requestId()).add("result", SpeechJson.result(f.result()));
        }
        return b.build();
    }

    static Frame fromJson(int tag, JsonObject o) {
        return switch (tag) {
            case 1 -> new Frame.Load(DomainJson.loadSpec(o.getJsonObject("spec")));
            case 2 -> new Frame.Loaded(o.getString("engine"), DomainJson.modelInfo(o.getJsonObject("info")),
                    o.getJsonNumber("load_nanos").longValue());
            case 3 -> new Frame.Generate(DomainJson.request(o.getJsonObject("request")));
            case 4 -> new Frame.Token(o.getString("id"), o.getString("text"), o.getInt("tokens"));
            case 5 -> new Frame.Done(o.getString("id"), result(o.getJsonObject("result")));
            case 6 -> new Frame.CountTokens(o.getString("id"), DomainJson.prompt(o.getJsonObject("prompt")));
            case 7 -> new Frame.Count(o.getString("id"), o.getInt("count"));
            case 8 -> new Frame.RenderChat(o.getString("id"),
                    (dev.mlxgguf.api.Prompt.Chat) DomainJson.prompt(o.getJsonObject("chat")));
            case 9 -> new Frame.Rendered(o.getString("id"), o.getString("text"));
            case 10 -> new Frame.Failed(o.getString("id", null), ErrorKind.valueOf(o.getString("kind")),
                    o.getString("message"), o.getString("param", null));
            case 11 -> new Frame.Cancel(o.getString("id"));
            case 12 -> new Frame.Ping(o.getJsonNumber("seq").longValue());
            case 13 -> new Frame.Pong(o.getJsonNumber("seq").longValue(), stats(o.getJsonObject("stats")));
            case 14 -> new Frame.Shutdown();
            case 15 -> new Frame.Transcribe(SpeechJson.request(o.getJsonObject("request")));
            case 16 -> new Frame.Transcribed(o.getString("id"), SpeechJson.result(o.getJsonObject("result")));
            default -> throw new IllegalArgumentException("unknown frame tag " + tag);
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
