package dev.mlxgguf.bench;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.util.List;

/**
 * A finished run as JSON (every number) and as a Markdown table (the headline numbers).
 *
 * @param config  what was run
 * @param prompt  the prompt used
 * @param started when the run started
 * @param levels  the results per concurrency level
 */
record BenchReport(BenchConfig config, PromptBuilder.Prompt prompt, Instant started, List<LevelResult> levels) {

    JsonObject json() {
        JsonArrayBuilder ls = Jsonp.array();
        for (LevelResult l : levels) {
            JsonObjectBuilder errors = Jsonp.object();
            l.errors().forEach(errors::add);
            ls.add(Jsonp.object()
                    .add("concurrency", l.concurrency())
                    .add("requests", l.requests())
                    .add("ok", l.ok())
                    .add("failed", l.failed())
                    .add("not_run", l.notRun())
                    .add("errors", errors)
                    .add("wall_seconds", round(l.wallSeconds()))
                    .add("completion_tokens", l.completionTokens())
                    .add("aggregate_tokens_per_second", round(l.aggregateTokensPerSec()))
                    .add("decode_tokens_per_second", stats(l.decodeTokensPerSec()))
                    .add("ttft_ms", stats(l.ttftMillis()))
                    .add("latency_ms", stats(l.latencyMillis()))
                    .add("engine_decode_tokens_per_second", stats(l.engineDecodeTokensPerSec()))
                    .add("ttft_minus_engine_prompt_ms", stats(l.overheadMillis())));
        }
        JsonObjectBuilder b = Jsonp.object()
                .add("server", config.baseUrl().toString())
                .add("mode", config.chat() ? "chat" : "completion")
                .add("stream", true)
                .add("prompt_tokens", prompt.tokens())
                .add("prompt_tokens_measured", prompt.measured())
                .add("max_tokens", config.maxTokens())
                .add("requests_per_level", config.requests())
                .add("started", started.toString())
                .add("levels", ls);
        config.model().ifPresent(m -> b.add("model", m));
        config.slot().ifPresent(s -> b.add("slot", s));
        config.responseFormat().ifPresent(f -> b.add("response_format", f));
        return b.build();
    }

    String jsonText() {
        return Jsonp.writePretty(json()).strip() + "\n";
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%s, %s, prompt %d tokens%s, max_tokens %d, %d requests per level%s%n%n",
                config.baseUrl(), config.chat() ? "chat" : "completion", prompt.tokens(),
                prompt.measured() ? "" : " (estimated)", config.maxTokens(), config.requests(),
                config.responseFormat().map(f -> ", response_format " + f).orElse("")));
        sb.append("| concurrency | ok | failed | aggregate tok/s | per-stream tok/s (p50) | engine tok/s (p50) "
                + "| TTFT p50 / p95 / p99 ms | TTFT - engine prompt ms (p50) | latency p50 / p95 / p99 ms |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|\n");
        for (LevelResult l : levels) {
            sb.append(String.format("| %d | %d | %d | %.1f | %.1f | %s | %.0f / %.0f / %.0f | %s | %.0f / %.0f / %.0f |%n",
                    l.concurrency(), l.ok(), l.failed() + l.notRun(), l.aggregateTokensPerSec(), l.decodeTokensPerSec().p50(),
                    optional(l.engineDecodeTokensPerSec(), "%.1f"),
                    l.ttftMillis().p50(), l.ttftMillis().p95(), l.ttftMillis().p99(), optional(l.overheadMillis(), "%.0f"),
                    l.latencyMillis().p50(), l.latencyMillis().p95(), l.latencyMillis().p99()));
        }
        return sb.toString();
    }

    private static String optional(Percentiles p, String format) {
        return p.count() == 0 ? "-" : String.format(format, p.p50());
    }

    private static JsonObject stats(Percentiles p) {
        return Jsonp.object().add("p50", round(p.p50())).add("p95", round(p.p95())).add("p99", round(p.p99()))
                .add("mean", round(p.mean())).add("count", p.count()).build();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
