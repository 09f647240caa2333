package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.SamplingParams;

import java.util.HashMap;
import java.util.Map;

/**
 * The logits processors of mlx_lm, in its order: logit bias, then repetition (CTRL-style: a negative logit
 * is multiplied by the penalty, a positive one divided; each distinct token once), presence (once per
 * distinct token) and frequency (per occurrence) penalties over the last {@code repetition_context_size}
 * tokens of prompt plus generated text, the same window the GGUF engine's llama.cpp penalties see.
 * Stateless; thread-safe.
 */
final class Penalties {

    private Penalties() {
    }

    /**
     * Applies the processors in place.
     *
     * @param logits  the logits
     * @param p       the sampling parameters
     * @param history prompt and generated tokens so far
     * @param length  how many entries of {@code history} are valid
     */
    static void apply(float[] logits, SamplingParams p, int[] history, int length) {
        for (Map.Entry<Integer, Double> e : p.logitBias().entrySet()) {
            logits[e.getKey()] += e.getValue().floatValue();
        }
        int window = Math.min(p.repetitionContextSize(), length);
        boolean any = p.repetitionPenalty() != 1 || p.frequencyPenalty() != 0 || p.presencePenalty() != 0;
        if (window == 0 || !any) {
            return;
        }
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = length - window; i < length; i++) {
            counts.merge(history[i], 1, Integer::sum);
        }
        float rep = (float) p.repetitionPenalty();
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            int t = e.getKey();
            if (t < 0 || t >= logits.length) {
                continue;
            }
            float l = logits[t];
            if (rep != 1f) {
                l = l < 0 ? l * rep : l / rep;
            }
            l -= (float) (e.getValue() * p.frequencyPenalty() + p.presencePenalty());
            logits[t] = l;
        }
    }
}
