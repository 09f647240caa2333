package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.engine.mlx.config.BaseShape;
import dev.mlxgguf.engine.mlx.config.ForwardSpec;
import dev.mlxgguf.engine.mlx.tensor.ComputePool;
import dev.mlxgguf.engine.mlx.tensor.VectorMath;

/**
 * Grouped-query causal attention over the {@link KvCache}: query head h reads KV head
 * {@code h / (heads / kvHeads)}; query at position p sees keys {@code [p - window + 1, p]} (all earlier keys
 * without a window); scores are scaled, optionally soft-capped ({@code c * tanh(s / c)}), then softmaxed.
 * Runs one task per (token, head) on the pool. Confined to the model's thread apart from those tasks.
 */
final class Attention {

    private static final ThreadLocal<float[]> SCORES = ThreadLocal.withInitial(() -> new float[256]);

    private final BaseShape s;
    private final KvCache cache;
    private final int qkvWidth;
    private final float scale;
    private final float softcap;

    Attention(ForwardSpec spec, KvCache cache, int qkvWidth) {
        this.s = spec.shape();
        this.cache = cache;
        this.qkvWidth = qkvWidth;
        this.scale = spec.attnScale();
        this.softcap = spec.attnSoftcap();
    }

    /**
     * Copies a token's keys and values into the cache.
     *
     * @param layer the layer
     * @param qkv   the projections
     * @param base  offset of the token's {@code [q | k | v]} in {@code qkv}
     * @param pos   its position
     */
    void store(int layer, float[] qkv, int base, int pos) {
        int kvWidth = s.kvHeads() * s.headDim();
        int kOff = base + s.heads() * s.headDim();
        System.arraycopy(qkv, kOff, cache.keyBlock(layer, pos), cache.offset(pos), kvWidth);
        System.arraycopy(qkv, kOff + kvWidth, cache.valueBlock(layer, pos), cache.offset(pos), kvWidth);
    }

    /**
     * Attends for {@code n} tokens at positions {@code [pos0, pos0 + n)} whose keys are already stored.
     *
     * @param layer   the layer
     * @param window  sliding window, 0 = none
     * @param qkv     the projections ({@code n} rows)
     * @param n       tokens
     * @param pos0    position of the first
     * @param out     output, {@code n} rows of {@code heads * headDim}
     * @param pool    threads
     * @param threads threads to use
     */
    void attend(int layer, int window, float[] qkv, int n, int pos0, float[] out, ComputePool pool, int threads) {
        int heads = s.heads();
        pool.run(threads, n * heads, i -> head(layer, window, qkv, i / heads, i % heads, pos0, out));
    }

    private void head(int layer, int window, float[] qkv, int t, int h, int pos0, float[] out) {
        int hd = s.headDim();
        int kvh = h / (s.heads() / s.kvHeads());
        int pos = pos0 + t;
        int start = window > 0 ? Math.max(0, pos - window + 1) : 0;
        int len = pos - start + 1;
        float[] scores = SCORES.get();
        if (scores.length < len) {
            scores = new float[Math.max(len, scores.length * 2)];
            SCORES.set(scores);
        }
        int qOff = t * qkvWidth + h * hd;
        int headOff = kvh * hd;
        for (int j = 0; j < len; j++) {
            int p = start + j;
            float v = VectorMath.dot(qkv, qOff, cache.keyBlock(layer, p), cache.offset(p) + headOff, hd) * scale;
            scores[j] = softcap > 0 ? softcap * (float) Math.tanh(v / softcap) : v;
        }
        VectorMath.softmax(scores, 0, len);
        int oOff = (t * s.heads() + h) * hd;
        java.util.Arrays.fill(out, oOff, oOff + hd, 0f);
        for (int j = 0; j < len; j++) {
            int p = start + j;
            VectorMath.axpy(scores[j], cache.valueBlock(layer, p), cache.offset(p) + headOff, out, oOff, hd);
        }
    }
}
