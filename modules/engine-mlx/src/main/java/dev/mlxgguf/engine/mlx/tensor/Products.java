package dev.mlxgguf.engine.mlx.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Batched products {@code Y[t][off_m + r] = X[t] . W_m[r]} over several matrices with the same input width:
 * rows are cut into tiles of a few dozen (small enough that a dequantized tile stays in L2), each thread
 * dequantizes a tile once and multiplies it with every input row, four by four. Stateless; thread-safe.
 */
public final class Products {

    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[0]);

    private Products() {
    }

    /**
     * @param weights matrices sharing {@code cols}
     * @param offsets output column of each matrix's row 0
     * @param x       inputs, {@code n} rows of {@code cols}
     * @param n       input rows (tokens)
     * @param y       outputs, {@code n} rows of {@code yStride}
     * @param yStride output row length
     * @param pool    threads
     * @param threads threads to use
     */
    public static void batched(List<Matrix> weights, int[] offsets, float[] x, int n, float[] y, int yStride,
                               ComputePool pool, int threads) {
        int cols = weights.getFirst().cols();
        float[] permuted = null;
        for (Matrix m : weights) {
            if (m.permutedTile() && permuted == null) {
                permuted = new float[n * cols];
                for (int t = 0; t < n; t++) {
                    Permute.evenOddInto(x, t * cols, cols, Lanes.L, permuted, t * cols);
                }
            }
        }
        int tileRows = Math.max(8, Math.min(64, (1 << 17) / cols)) & ~3;
        List<int[]> tasks = new ArrayList<>();
        for (int m = 0; m < weights.size(); m++) {
            for (int r = 0; r < weights.get(m).rows(); r += tileRows) {
                tasks.add(new int[] {m, r, Math.min(weights.get(m).rows(), r + tileRows)});
            }
        }
        float[] perm = permuted;
        pool.run(threads, tasks.size(), i -> {
            int[] task = tasks.get(i);
            Matrix w = weights.get(task[0]);
            int rows = task[2] - task[1];
            float[] tile = TILE.get();
            if (tile.length < rows * cols) {
                tile = new float[tileRows * cols];
                TILE.set(tile);
            }
            w.dequantizeRows(task[1], task[2], tile);
            Gemm.multiply(w.permutedTile() ? perm : x, n, cols, tile, rows, y, yStride, offsets[task[0]] + task[1]);
        });
    }
}
