package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.SamplingParams;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The tokens still in play during sampling, with their logits. top-p, min-p and top-k each keep a prefix of
 * the tokens sorted by probability, computed on the full untempered distribution, so applying them in
 * mlx_lm's order equals keeping the shortest of the three prefixes; only top-k (a bounded heap) or top-p
 * (a full sort) ever needs sorting. Immutable.
 */
final class Candidates {

    private final int[] ids;
    private final float[] logits;

    private Candidates(int[] ids, float[] logits) {
        this.ids = ids;
        this.logits = logits;
    }

    /**
     * Applies top-p, min-p, typical-p and top-k.
     *
     * @param l the processed logits
     * @param p the parameters
     * @return the survivors (at least one)
     */
    static Candidates filtered(float[] l, SamplingParams p) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : l) {
            max = Math.max(max, v);
        }
        int n = l.length;
        Candidates c;
        if (p.topK() > 0 && p.topK() < n) {
            c = topK(l, p.topK());
        } else if (p.topP() < 1 || p.typicalP() < 1) {
            c = sortedAll(l, 1f);
        } else {
            c = all(l);
        }
        if (p.topP() < 1) {
            double z = 0;
            for (float v : l) {
                z += Math.exp(v - max);
            }
            double before = 0;
            int keep = 0;
            while (keep < c.size() && (keep == 0 || before < p.topP())) {
                before += Math.exp(c.logits[keep] - max) / z;
                keep++;
            }
            c = c.prefix(keep);
        }
        if (p.minP() > 0) {
            c = c.atLeast((float) (max + Math.log(p.minP())));
        }
        if (p.typicalP() < 1) {
            c = c.typical(p.typicalP());
        }
        return c;
    }

    private static Candidates all(float[] l) {
        int[] ids = new int[l.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return new Candidates(ids, l.clone());
    }

    /**
     * @param l       logits
     * @param factor  multiplied into every logit (1 / temperature)
     * @return every token, sorted by logit descending (ties: lower id first)
     */
    static Candidates sortedAll(float[] l, float factor) {
        long[] keys = new long[l.length];
        for (int i = 0; i < l.length; i++) {
            keys[i] = descendingKey(l[i], i);
        }
        Arrays.sort(keys);
        return fromKeys(keys, keys.length, l, factor);
    }

    private static Candidates topK(float[] l, int k) {
        long[] heap = new long[k];
        int size = 0;
        for (int i = 0; i < l.length; i++) {
            long key = descendingKey(l[i], i);
            if (size < k) {
                heap[size++] = key;
                siftUp(heap, size - 1);
            } else if (key < heap[0]) {
                heap[0] = key;
                siftDown(heap, size);
            }
        }
        Arrays.sort(heap, 0, size);
        return fromKeys(heap, size, l, 1f);
    }

    // A max-heap on the descending key keeps the k smallest keys (the k largest logits).
    private static void siftUp(long[] h, int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (h[parent] >= h[i]) {
                return;
            }
            long t = h[parent];
            h[parent] = h[i];
            h[i] = t;
            i = parent;
        }
    }

    private static void siftDown(long[] h, int size) {
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                return;
            }
            if (c + 1 < size && h[c + 1] > h[c]) {
                c++;
            }
            if (h[i] >= h[c]) {
                return;
            }
            long t = h[c];
            h[c] = h[i];
            h[i] = t;
            i = c;
        }
    }

    private static long descendingKey(float v, int id) {
        int bits = Float.floatToIntBits(v);
        int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        return ((long) ~sortable << 32) | id;
    }

    private static Candidates fromKeys(long[] keys, int n, float[] l, float factor) {
        int[] ids = new int[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            ids[i] = (int) keys[i];
            v[i] = l[ids[i]] * factor;
        }
        return new Candidates(ids, v);
    }

    int size() {
        return ids.length;
    }

    int id(int i) {
        return ids[i];
    }

    Candidates prefix(int n) {
        return new Candidates(Arrays.copyOf(ids, n), Arrays.copyOf(logits, n));
    }

    private Candidates atLeast(float threshold) {
        int n = 0;
        int best = 0;
        for (int i = 0; i < ids.length; i++) {
            if (logits[i] >= threshold) {
                n++;
            }
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        if (n == 0) {
            return new Candidates(new int[] {ids[best]}, new float[] {logits[best]});
        }
        int[] i2 = new int[n];
        float[] l2 = new float[n];
        int j = 0;
        for (int i = 0; i < ids.length; i++) {
            if (logits[i] >= threshold) {
                i2[j] = ids[i];
                l2[j++] = logits[i];
            }
        }
        return new Candidates(i2, l2);
    }

    private Candidates typical(double mass) {
        double[] probs = probabilities();
        double entropy = 0;
        for (double q : probs) {
            if (q > 0) {
                entropy -= q * Math.log(q);
            }
        }
        Integer[] order = new Integer[probs.length];
        double[] shift = new double[probs.length];
        for (int i = 0; i < probs.length; i++) {
            order[i] = i;
            shift[i] = Math.abs(-Math.log(probs[i]) - entropy);
        }
        Arrays.sort(order, (a, b) -> Double.compare(shift[a], shift[b]));
        double cum = 0;
        int keep = 0;
        while (keep < order.length && (keep == 0 || cum < mass)) {
            cum += probs[order[keep]];
            keep++;
        }
        int[] i2 = new int[keep];
        float[] l2 = new float[keep];
        for (int i = 0; i < keep; i++) {
            i2[i] = ids[order[i]];
            l2[i] = logits[order[i]];
        }
        return new Candidates(i2, l2);
    }

    /** {@return the softmax of the candidates' logits} */
    double[] probabilities() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] q = new double[logits.length];
        double z = 0;
        for (int i = 0; i < q.length; i++) {
            q[i] = Math.exp(logits[i] - max);
            z += q[i];
        }
        for (int i = 0; i < q.length; i++) {
            q[i] /= z;
        }
        return q;
    }

    /**
     * @param invTemp 1 / temperature
     * @param rng     the random source
     * @return a token drawn with probability proportional to {@code exp(logit * invTemp)}
     */
    int sample(double invTemp, SplittableRandom rng) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] w = new double[logits.length];
        double z = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp((logits[i] - max) * invTemp);
            z += w[i];
        }
        double u = rng.nextDouble() * z;
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            if (u < acc) {
                return ids[i];
            }
        }
        return ids[w.length - 1];
    }
}
