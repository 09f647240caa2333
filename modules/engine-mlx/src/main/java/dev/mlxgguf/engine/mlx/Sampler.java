package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.SamplingParams;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from processed logits, as mlx_lm's sampler does: temperature 0 is arg-max;
 * otherwise the filters run on the untempered distribution in mlx_lm's order (top-p, min-p, then locally
 * typical sampling, which mlx_lm lacks, then top-k) and the survivors are sampled with probabilities
 * proportional to {@code exp(logit / temperature)}. Mirostat 1 and 2 follow llama.cpp's samplers (after
 * dividing by the temperature). Seeded, so equal seeds give equal samples.
 *
 * <p>Not thread-safe: one per generation (mirostat keeps its state between tokens).
 */
final class Sampler {

    private final SamplingParams p;
    private final SplittableRandom rng;
    private final int vocab;
    private double mu;

    /**
     * @param p     the parameters
     * @param seed  the seed
     * @param vocab the vocabulary size
     */
    Sampler(SamplingParams p, long seed, int vocab) {
        this.p = p;
        this.rng = new SplittableRandom(seed);
        this.vocab = vocab;
        this.mu = 2 * p.mirostatTau();
    }

    /**
     * @param logits processed logits (modified)
     * @return the chosen token
     */
    int sample(float[] logits) {
        if (p.greedy()) {
            return argmax(logits);
        }
        if (p.mirostatMode() != 0) {
            return mirostat(logits);
        }
        Candidates c = Candidates.filtered(logits, p);
        return c.sample(1.0 / p.temperature(), rng);
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int mirostat(float[] logits) {
        float invTemp = p.temperature() > 0 ? (float) (1 / p.temperature()) : 1f;
        Candidates all = Candidates.sortedAll(logits, invTemp);
        double[] probs = all.probabilities();
        int keep;
        if (p.mirostatMode() == 1) {
            int m = 100;
            double sumTiBi = 0;
            double sumTiSq = 0;
            for (int i = 0; i < m - 1 && i < probs.length - 1; i++) {
                double ti = Math.log((i + 2.0) / (i + 1.0));
                double bi = Math.log(probs[i] / probs[i + 1]);
                sumTiBi += ti * bi;
                sumTiSq += ti * ti;
            }
            double sHat = sumTiBi / sumTiSq;
            double eps = sHat - 1;
            double k = Math.pow((eps * Math.pow(2, mu)) / (1 - Math.pow(vocab, -eps)), 1 / sHat);
            keep = Math.max((int) k, 1);
        } else {
            keep = 0;
            while (keep < probs.length && -log2(probs[keep]) <= mu) {
                keep++;
            }
            keep = Math.max(keep, 1);
        }
        Candidates kept = all.prefix(Math.min(keep, probs.length));
        double[] q = kept.probabilities();
        int idx = pick(q, rng.nextDouble());
        double surprise = -log2(q[idx]);
        mu -= p.mirostatEta() * (surprise - p.mirostatTau());
        return kept.id(idx);
    }

    static int pick(double[] probs, double u) {
        double acc = 0;
        for (int i = 0; i < probs.length; i++) {
            acc += probs[i];
            if (u < acc) {
                return i;
            }
        }
        return probs.length - 1;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** {@return a copy of the logits (for callers that keep the raw values)} */
    static float[] copy(float[] logits) {
        return Arrays.copyOf(logits, logits.length);
    }
}
