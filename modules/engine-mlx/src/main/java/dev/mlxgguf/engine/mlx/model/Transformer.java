package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.engine.mlx.config.Activation;
import dev.mlxgguf.engine.mlx.config.BaseShape;
import dev.mlxgguf.engine.mlx.config.ForwardSpec;
import dev.mlxgguf.engine.mlx.config.Rope;
import dev.mlxgguf.engine.mlx.tensor.ComputePool;
import dev.mlxgguf.engine.mlx.tensor.VectorMath;
import dev.mlxgguf.engine.spi.KvState;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The decoder-only transformer every supported family runs, switched by {@link ForwardSpec}: embedding
 * (scaled for Gemma), per block a pre-norm (or Gemma sandwich-norm) attention with optional q/k norms,
 * RoPE, grouped-query attention over the KV cache with optional sliding window and soft-capping, then a
 * gated MLP (SiLU or tanh-GELU); a final norm and the output projection (soft-capped for Gemma 2).
 * Everything is computed in float32.
 *
 * <p>Threading: confined to the model's thread; products and attention fan out to the {@link ComputePool}.
 */
public final class Transformer {

    private final ModelWeights w;
    private final ForwardSpec spec;
    private final BaseShape s;
    private final KvCache cache;
    private final Attention attention;
    private final int qkvWidth;
    private Workspace ws;

    /**
     * @param weights       the weights
     * @param contextLength positions the KV cache may hold
     */
    public Transformer(ModelWeights weights, int contextLength) {
        this.w = weights;
        this.spec = weights.spec();
        this.s = spec.shape();
        this.cache = new KvCache(s.layers(), s.kvHeads() * s.headDim(), contextLength);
        this.qkvWidth = (s.heads() + 2 * s.kvHeads()) * s.headDim();
        this.attention = new Attention(spec, cache, qkvWidth);
    }

    /** {@return the weights} */
    public ModelWeights weights() {
        return w;
    }

    /**
     * {@return the KV cache as the prompt cache drives it} Positions past those a forward pass is given are
     * never read, so clearing and truncating need no work; a saved state is the raw float32 keys and values.
     */
    public KvState kvState() {
        return new KvState() {
            @Override
            public void clear() {
                // positions are overwritten by the next forward pass from its start position
            }

            @Override
            public boolean truncate(int keep) {
                return true;
            }

            @Override
            public ByteBuffer save(int tokens) {
                return cache.save(tokens);
            }

            @Override
            public boolean restore(ByteBuffer state, int tokens) {
                return cache.restore(state, tokens);
            }
        };
    }

    /** {@return the vocabulary size (logits per step)} */
    public int vocab() {
        return s.vocab();
    }

    /**
     * Runs tokens at positions {@code [pos0, pos0 + n)}, appending their keys and values to the cache
     * (positions from {@code pos0} on are overwritten).
     *
     * @param tokens  token ids
     * @param from    first index in {@code tokens}
     * @param n       how many
     * @param pos0    position of the first
     * @param logits  whether to compute the logits of the last one
     * @param pool    the thread pool
     * @param threads threads to use
     * @return the logits of the last token (a new array), or null when not asked for
     */
    public float[] forward(int[] tokens, int from, int n, int pos0, boolean logits, ComputePool pool, int threads) {
        Workspace k = workspace(n);
        int h = s.hidden();
        for (int t = 0; t < n; t++) {
            w.embedding().rowInto(tokens[from + t], k.x, t * h);
            if (spec.embedScale() != 1f) {
                for (int i = 0; i < h; i++) {
                    k.x[t * h + i] *= spec.embedScale();
                }
            }
        }
        cache.ensure(pos0 + n);
        Map<Rope, float[][]> angles = angles(n, pos0);
        for (int l = 0; l < w.blocks().size(); l++) {
            block(l, w.blocks().get(l), k, n, pos0, angles.get(w.blocks().get(l).spec().rope()), pool, threads);
        }
        if (!logits) {
            return null;
        }
        float[] last = new float[h];
        norm(k.x, (n - 1) * h, w.finalNorm(), last, 0, h);
        float[] out = new float[w.lmHead().width()];
        w.lmHead().forward(last, 1, out, pool, threads);
        if (spec.finalSoftcap() > 0) {
            float c = spec.finalSoftcap();
            for (int i = 0; i < out.length; i++) {
                out[i] = c * (float) Math.tanh(out[i] / c);
            }
        }
        return out;
    }

    private void block(int l, Block b, Workspace k, int n, int pos0, float[][] cs, ComputePool pool, int threads) {
        int h = s.hidden();
        for (int t = 0; t < n; t++) {
            norm(k.x, t * h, b.inputNorm(), k.xn, t * h, h);
        }
        b.qkv().forward(k.xn, n, k.qkv, pool, threads);
        for (int t = 0; t < n; t++) {
            prepareQk(b, k.qkv, t * qkvWidth, cs[t]);
            attention.store(l, k.qkv, t * qkvWidth, pos0 + t);
        }
        attention.attend(l, b.spec().window(), k.qkv, n, pos0, k.attn, pool, threads);
        b.out().forward(k.attn, n, k.o, pool, threads);
        for (int t = 0; t < n; t++) {
            if (spec.sandwichNorms()) {
                norm(k.o, t * h, b.postAttn(), k.o, t * h, h);
            }
            VectorMath.axpy(1f, k.o, t * h, k.x, t * h, h);
            norm(k.x, t * h, spec.sandwichNorms() ? b.preFfn() : b.postAttn(), k.xn, t * h, h);
        }
        b.gateUp().forward(k.xn, n, k.gu, pool, threads);
        int inter = s.intermediate();
        for (int t = 0; t < n; t++) {
            if (spec.activation() == Activation.GELU_TANH) {
                VectorMath.geluMul(k.gu, t * 2 * inter, k.gu, t * 2 * inter + inter, k.act, t * inter, inter);
            } else {
                VectorMath.siluMul(k.gu, t * 2 * inter, k.gu, t * 2 * inter + inter, k.act, t * inter, inter);
            }
        }
        b.down().forward(k.act, n, k.o, pool, threads);
        for (int t = 0; t < n; t++) {
            if (spec.sandwichNorms()) {
                norm(k.o, t * h, b.postFfn(), k.o, t * h, h);
            }
            VectorMath.axpy(1f, k.o, t * h, k.x, t * h, h);
        }
    }

    private void prepareQk(Block b, float[] qkv, int base, float[] cs) {
        int hd = s.headDim();
        int heads = s.heads() + s.kvHeads();
        for (int hh = 0; hh < heads; hh++) {
            int off = base + hh * hd;
            float[] qkNorm = hh < s.heads() ? b.qNorm() : b.kNorm();
            if (qkNorm != null) {
                norm(qkv, off, qkNorm, qkv, off, hd);
            }
            rotate(qkv, off, b.spec().rope(), cs);
        }
    }

    private static void rotate(float[] v, int off, Rope rope, float[] cs) {
        int dims = rope.dims();
        int half = dims / 2;
        if (rope.mscale() != 1f) {
            for (int i = 0; i < dims; i++) {
                v[off + i] *= rope.mscale();
            }
        }
        for (int j = 0; j < half; j++) {
            int ia = rope.traditional() ? off + 2 * j : off + j;
            int ib = rope.traditional() ? ia + 1 : off + j + half;
            float a = v[ia];
            float bb = v[ib];
            float c = cs[2 * j];
            float sn = cs[2 * j + 1];
            v[ia] = a * c - bb * sn;
            v[ib] = a * sn + bb * c;
        }
    }

    private Map<Rope, float[][]> angles(int n, int pos0) {
        Map<Rope, float[][]> out = new IdentityHashMap<>();
        for (Block b : w.blocks()) {
            out.computeIfAbsent(b.spec().rope(), r -> {
                float[][] cs = new float[n][r.dims()];
                for (int t = 0; t < n; t++) {
                    float pos = pos0 + t;
                    for (int j = 0; j < r.dims() / 2; j++) {
                        float theta = pos * r.invFreq(j);
                        cs[t][2 * j] = (float) Math.cos(theta);
                        cs[t][2 * j + 1] = (float) Math.sin(theta);
                    }
                }
                return cs;
            });
        }
        return out;
    }

    private void norm(float[] x, int xo, float[] weight, float[] out, int oo, int len) {
        VectorMath.rmsNorm(x, xo, weight, spec.normOffset(), (float) s.rmsEps(), out, oo, len);
    }

    private Workspace workspace(int n) {
        if (ws == null || ws.n != n) {
            ws = new Workspace(n, s, qkvWidth);
        }
        return ws;
    }

    /** Activation buffers for a batch of {@code n} tokens. */
    private static final class Workspace {
        final int n;
        final float[] x;
        final float[] xn;
        final float[] qkv;
        final float[] attn;
        final float[] o;
        final float[] gu;
        final float[] act;

        Workspace(int n, BaseShape s, int qkvWidth) {
            this.n = n;
            x = new float[n * s.hidden()];
            xn = new float[n * s.hidden()];
            qkv = new float[n * qkvWidth];
            attn = new float[n * s.heads() * s.headDim()];
            o = new float[n * s.hidden()];
            gu = new float[n * 2 * s.intermediate()];
            act = new float[n * s.intermediate()];
        }
    }
}
