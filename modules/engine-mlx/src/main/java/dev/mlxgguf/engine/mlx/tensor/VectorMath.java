package dev.mlxgguf.engine.mlx.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Small vectorized float kernels of the forward pass (dot products, scaled adds, RMSNorm, softmax,
 * gated activations), all computed in float32. Stateless; thread-safe.
 */
public final class VectorMath {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private VectorMath() {
    }

    /**
     * @param a  first vector
     * @param ao its offset
     * @param b  second vector
     * @param bo its offset
     * @param n  length
     * @return the dot product
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        return Gemm.dot(a, ao, b, bo, n);
    }

    /**
     * {@code y[yo + i] += alpha * x[xo + i]}.
     *
     * @param alpha factor
     * @param x     source
     * @param xo    source offset
     * @param y     destination
     * @param yo    destination offset
     * @param n     length
     */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        if (Lanes.VECTORIZED) {
            FloatVector a = FloatVector.broadcast(Lanes.F, alpha);
            for (int bound = Lanes.F.loopBound(n); i < bound; i += Lanes.L) {
                FloatVector.fromArray(Lanes.F, x, xo + i).fma(a, FloatVector.fromArray(Lanes.F, y, yo + i))
                        .intoArray(y, yo + i);
            }
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /**
     * RMSNorm as MLX computes it: {@code out = x * rsqrt(mean(x^2) + eps) * (w + offset)}.
     *
     * @param x      input
     * @param xo     input offset
     * @param w      weight
     * @param offset added to the weight (1 for Gemma)
     * @param eps    epsilon
     * @param out    output (may be {@code x})
     * @param oo     output offset
     * @param n      length
     */
    public static void rmsNorm(float[] x, int xo, float[] w, float offset, float eps, float[] out, int oo, int n) {
        float ss = dot(x, xo, x, xo, n);
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[oo + i] = x[xo + i] * inv * (w[i] + offset);
        }
    }

    /**
     * Softmax in place over {@code [o, o + n)}, subtracting the maximum first.
     *
     * @param s values
     * @param o offset
     * @param n length
     */
    public static void softmax(float[] s, int o, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[o + i]);
        }
        float sum = 0;
        int i = 0;
        if (Lanes.VECTORIZED) {
            FloatVector m = FloatVector.broadcast(Lanes.F, max);
            FloatVector acc = FloatVector.zero(Lanes.F);
            for (int bound = Lanes.F.loopBound(n); i < bound; i += Lanes.L) {
                FloatVector e = FloatVector.fromArray(Lanes.F, s, o + i).sub(m).lanewise(VectorOperators.EXP);
                e.intoArray(s, o + i);
                acc = acc.add(e);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(s[o + i] - max);
            s[o + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = 0; j < n; j++) {
            s[o + j] *= inv;
        }
    }

    /**
     * {@code out[i] = silu(gate[i]) * up[i]}.
     *
     * @param g   gate values
     * @param go  gate offset
     * @param u   up values
     * @param uo  up offset
     * @param out destination
     * @param oo  destination offset
     * @param n   length
     */
    public static void siluMul(float[] g, int go, float[] u, int uo, float[] out, int oo, int n) {
        int i = 0;
        if (Lanes.VECTORIZED) {
            for (int bound = Lanes.F.loopBound(n); i < bound; i += Lanes.L) {
                FloatVector x = FloatVector.fromArray(Lanes.F, g, go + i);
                FloatVector sig = x.neg().lanewise(VectorOperators.EXP).add(1f);
                x.div(sig).mul(FloatVector.fromArray(Lanes.F, u, uo + i)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float x = g[go + i];
            out[oo + i] = x / (1f + (float) Math.exp(-x)) * u[uo + i];
        }
    }

    /**
     * {@code out[i] = gelu_tanh(gate[i]) * up[i]}.
     *
     * @param g   gate values
     * @param go  gate offset
     * @param u   up values
     * @param uo  up offset
     * @param out destination
     * @param oo  destination offset
     * @param n   length
     */
    public static void geluMul(float[] g, int go, float[] u, int uo, float[] out, int oo, int n) {
        int i = 0;
        if (Lanes.VECTORIZED) {
            for (int bound = Lanes.F.loopBound(n); i < bound; i += Lanes.L) {
                FloatVector x = FloatVector.fromArray(Lanes.F, g, go + i);
                FloatVector inner = x.mul(x).mul(x).mul(0.044715f).add(x).mul(SQRT_2_OVER_PI);
                FloatVector t = inner.lanewise(VectorOperators.TANH).add(1f);
                x.mul(0.5f).mul(t).mul(FloatVector.fromArray(Lanes.F, u, uo + i)).intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float x = g[go + i];
            float t = (float) Math.tanh(SQRT_2_OVER_PI * (x + 0.044715f * x * x * x));
            out[oo + i] = 0.5f * x * (1f + t) * u[uo + i];
        }
    }
}
