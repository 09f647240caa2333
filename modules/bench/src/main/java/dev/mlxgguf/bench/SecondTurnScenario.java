package dev.mlxgguf.bench;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The prompt-cache benchmark: a chat whose first turn is a long conversation (the prompt length of the
 * configuration), then its second turn (the first turn, the assistant's answer, a short question), timed
 * with {@code use_kv_cache} off and on. Before each cached measurement the first turn runs again, so the
 * cache holds exactly the previous turn as in a real conversation. Reports the median times to first
 * token and their ratio.
 */
final class SecondTurnScenario {

    /**
     * The measured times.
     *
     * @param promptTokens    tokens of the first turn's text
     * @param ttftOffMillis   median time to first token of the second turn without the cache
     * @param ttftOnMillis    median time to first token of the second turn with the cache
     * @param cachedTokens    prompt tokens reused by the cached second turn (from the server's usage)
     */
    record Result(int promptTokens, double ttftOffMillis, double ttftOnMillis, int cachedTokens) {
        double speedup() {
            return ttftOnMillis > 0 ? ttftOffMillis / ttftOnMillis : 0;
        }
    }

    private final StreamingClient client;
    private final PrintStream progress;
    private final int repeats;

    SecondTurnScenario(StreamingClient client, PrintStream progress, int repeats) {
        this.client = client;
        this.progress = progress;
        this.repeats = repeats;
    }

    Result run(PromptBuilder.Prompt prompt) {
        String history = prompt.forRequest(0);
        RequestOutcome first = client.run(turn(history, null, true));
        check(first, "first turn");
        String answer = "Here is what I found about the valley and its travellers.";
        double[] off = new double[repeats];
        double[] on = new double[repeats];
        int cached = 0;
        for (int i = 0; i < repeats; i++) {
            RequestOutcome cold = client.run(turn(history, answer, false));
            check(cold, "second turn without the cache");
            off[i] = cold.ttftMillis();
            check(client.run(turn(history, null, true)), "first turn");
            RequestOutcome warm = client.run(turn(history, answer, true));
            check(warm, "second turn with the cache");
            on[i] = warm.ttftMillis();
            cached = warm.cachedTokens();
            progress.printf("\r[second turn] %d/%d: %.0f ms without the cache, %.0f ms with it   ", i + 1, repeats, off[i], on[i]);
        }
        progress.println();
        return new Result(prompt.tokens(), median(off), median(on), cached);
    }

    private JsonObjectBuilder turn(String history, String answer, boolean cache) {
        JsonArrayBuilder messages = Jsonp.array()
                .add(Jsonp.object().add("role", "user").add("content", history));
        if (answer != null) {
            messages.add(Jsonp.object().add("role", "assistant").add("content", answer))
                    .add(Jsonp.object().add("role", "user").add("content", "Summarize that in one sentence."));
        }
        return Jsonp.object().add("messages", messages).add("use_kv_cache", cache);
    }

    private static void check(RequestOutcome o, String what) {
        if (!o.ok()) {
            throw new IllegalStateException(what + " failed: " + o.error());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? 0 : s[s.length / 2];
    }
}
