package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.engine.mlx.tensor.ComputePool;
import dev.mlxgguf.engine.mlx.tensor.Matrix;
import dev.mlxgguf.engine.mlx.tensor.PreparedInput;
import dev.mlxgguf.engine.mlx.tensor.Products;

import java.util.ArrayList;
import java.util.List;

/**
 * Linear modules that read the same input (q/k/v, gate/up, or a single module), run as one parallel job
 * whose output concatenates theirs. One token uses the fused matrix-vector kernels (each weight byte read
 * once); several tokens use dequantized row tiles and the float micro-kernel. Immutable after loading.
 */
public final class LinearGroup {

    private final List<Linear> members;
    private final int[] offsets;
    private final int width;
    private final int in;
    private final int[][] chunks;

    /**
     * @param members modules with the same input width, in output order
     */
    public LinearGroup(List<Linear> members) {
        this.members = List.copyOf(members);
        this.offsets = new int[members.size()];
        int w = 0;
        for (int i = 0; i < members.size(); i++) {
            offsets[i] = w;
            w += members.get(i).out();
        }
        this.width = w;
        this.in = members.getFirst().in();
        for (Linear m : members) {
            if (m.in() != in) {
                throw new IllegalArgumentException("grouped modules must share their input width");
            }
        }
        this.chunks = chunkTable();
    }

    // Each thread should stream long contiguous runs of rows (hardware prefetchers lose track of short
    // interleaved runs, which halved decode speed with 16-row chunks), yet every member must split into
    // enough chunks to balance threads: about rows / 8, a multiple of 16, between 16 and 256 rows.
    private int[][] chunkTable() {
        List<int[]> list = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            int rows = members.get(m).out();
            int rowsPerChunk = Math.clamp((rows / 8 + 15) / 16 * 16, 16, 256);
            for (int r = 0; r < rows; r += rowsPerChunk) {
                list.add(new int[] {m, r, Math.min(rows, r + rowsPerChunk)});
            }
        }
        return list.toArray(new int[0][]);
    }

    /** {@return the modules} */
    public List<Linear> members() {
        return members;
    }

    /** {@return the total output width} */
    public int width() {
        return width;
    }

    /** {@return the input width} */
    public int in() {
        return in;
    }

    /**
     * Computes {@code n} outputs.
     *
     * @param x       inputs, {@code n} rows of {@link #in()}
     * @param n       tokens
     * @param y       outputs, {@code n} rows of {@link #width()}
     * @param pool    the thread pool
     * @param threads threads to use
     */
    public void forward(float[] x, int n, float[] y, ComputePool pool, int threads) {
        if (n == 1) {
            PreparedInput p = new PreparedInput(x.length == in ? x : java.util.Arrays.copyOf(x, in));
            for (Linear m : members) {
                m.weight().prepare(p);
            }
            pool.run(threads, chunks.length, c -> {
                int[] ch = chunks[c];
                members.get(ch[0]).weight().matvec(p, y, offsets[ch[0]], ch[1], ch[2]);
            });
        } else {
            List<Matrix> weights = members.stream().map(Linear::weight).toList();
            Products.batched(weights, offsets, x, n, y, width, pool, threads);
        }
        for (int t = 0; t < n; t++) {
            for (int m = 0; m < members.size(); m++) {
                members.get(m).finish(x, t * in, y, t * width + offsets[m]);
            }
        }
    }
}
