package dev.mlxgguf.engine.mlx.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The float micro-kernel of batched products: {@code Y[t][c0 + r] = X[t] . W[r]} for a tile of dequantized
 * weight rows, four tokens by four rows at a time (16 vector accumulators, each input vector loaded once per
 * four multiply-adds). The accumulators are sixteen locals on purpose: putting Vector API values in an
 * array makes C2 box them, which made this kernel twenty times slower. Stateless; thread-safe.
 */
final class Gemm {

    private Gemm() {
    }

    /**
     * @param x       inputs, {@code n} rows of {@code k} (in the tile's layout)
     * @param n       tokens
     * @param k       row length
     * @param tile    weight rows, {@code rows} rows of {@code k}
     * @param rows    rows in the tile
     * @param y       output, rows of {@code yStride}
     * @param yStride output row length
     * @param yCol    output column of tile row 0
     */
    static void multiply(float[] x, int n, int k, float[] tile, int rows, float[] y, int yStride, int yCol) {
        for (int t = 0; t < n; t += 4) {
            for (int r = 0; r < rows; r += 4) {
                if (t + 4 <= n && r + 4 <= rows && Lanes.VECTORIZED) {
                    kernel44(x, t * k, k, tile, r * k, y, t * yStride + yCol + r, yStride);
                } else {
                    for (int i = t; i < Math.min(n, t + 4); i++) {
                        for (int j = r; j < Math.min(rows, r + 4); j++) {
                            y[i * yStride + yCol + j] = dot(x, i * k, tile, j * k, k);
                        }
                    }
                }
            }
        }
    }

    static float dot(float[] a, int ao, float[] b, int bo, int k) {
        int i = 0;
        float sum = 0;
        if (Lanes.VECTORIZED) {
            FloatVector acc = FloatVector.zero(Lanes.F);
            for (int bound = Lanes.F.loopBound(k); i < bound; i += Lanes.L) {
                acc = FloatVector.fromArray(Lanes.F, a, ao + i).fma(FloatVector.fromArray(Lanes.F, b, bo + i), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < k; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    private static void kernel44(float[] x, int xo, int k, float[] w, int wo, float[] y, int yo, int ys) {
        FloatVector a00 = FloatVector.zero(Lanes.F);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        int bound = Lanes.F.loopBound(k);
        int i = 0;
        for (; i < bound; i += Lanes.L) {
            FloatVector w0 = FloatVector.fromArray(Lanes.F, w, wo + i);
            FloatVector w1 = FloatVector.fromArray(Lanes.F, w, wo + k + i);
            FloatVector w2 = FloatVector.fromArray(Lanes.F, w, wo + 2 * k + i);
            FloatVector w3 = FloatVector.fromArray(Lanes.F, w, wo + 3 * k + i);
            FloatVector x0 = FloatVector.fromArray(Lanes.F, x, xo + i);
            a00 = x0.fma(w0, a00);
            a01 = x0.fma(w1, a01);
            a02 = x0.fma(w2, a02);
            a03 = x0.fma(w3, a03);
            FloatVector x1 = FloatVector.fromArray(Lanes.F, x, xo + k + i);
            a10 = x1.fma(w0, a10);
            a11 = x1.fma(w1, a11);
            a12 = x1.fma(w2, a12);
            a13 = x1.fma(w3, a13);
            FloatVector x2 = FloatVector.fromArray(Lanes.F, x, xo + 2 * k + i);
            a20 = x2.fma(w0, a20);
            a21 = x2.fma(w1, a21);
            a22 = x2.fma(w2, a22);
            a23 = x2.fma(w3, a23);
            FloatVector x3 = FloatVector.fromArray(Lanes.F, x, xo + 3 * k + i);
            a30 = x3.fma(w0, a30);
            a31 = x3.fma(w1, a31);
            a32 = x3.fma(w2, a32);
            a33 = x3.fma(w3, a33);
        }
        y[yo] = a00.reduceLanes(VectorOperators.ADD);
        y[yo + 1] = a01.reduceLanes(VectorOperators.ADD);
        y[yo + 2] = a02.reduceLanes(VectorOperators.ADD);
        y[yo + 3] = a03.reduceLanes(VectorOperators.ADD);
        y[yo + ys] = a10.reduceLanes(VectorOperators.ADD);
        y[yo + ys + 1] = a11.reduceLanes(VectorOperators.ADD);
        y[yo + ys + 2] = a12.reduceLanes(VectorOperators.ADD);
        y[yo + ys + 3] = a13.reduceLanes(VectorOperators.ADD);
        y[yo + 2 * ys] = a20.reduceLanes(VectorOperators.ADD);
        y[yo + 2 * ys + 1] = a21.reduceLanes(VectorOperators.ADD);
        y[yo + 2 * ys + 2] = a22.reduceLanes(VectorOperators.ADD);
        y[yo + 2 * ys + 3] = a23.reduceLanes(VectorOperators.ADD);
        y[yo + 3 * ys] = a30.reduceLanes(VectorOperators.ADD);
        y[yo + 3 * ys + 1] = a31.reduceLanes(VectorOperators.ADD);
        y[yo + 3 * ys + 2] = a32.reduceLanes(VectorOperators.ADD);
        y[yo + 3 * ys + 3] = a33.reduceLanes(VectorOperators.ADD);
        for (int j = i; j < k; j++) {
            for (int t = 0; t < 4; t++) {
                for (int r = 0; r < 4; r++) {
                    y[yo + t * ys + r] += x[xo + t * k + j] * w[wo + r * k + j];
                }
            }
        }
    }
}
