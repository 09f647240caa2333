package dev.mlxgguf.engine.mlx.tensor;

import dev.mlxgguf.engine.mlx.safetensors.DType;
import dev.mlxgguf.testkit.Bf16;
import dev.mlxgguf.testkit.MlxQuantizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused quantized kernels against testkit's reproduction of {@code mx.quantize}: dequantized rows equal
 * the quantizer's values exactly, products equal the float products of those values, for every supported
 * bit width and group size, single-token and batched, at an unaligned data offset; row lengths include odd
 * numbers of groups and of kernel blocks, which take the kernels' other paths.
 */
class QuantMatrixTest {

    private static final int ROWS = 12;

    @ParameterizedTest
    @CsvSource({"2,32,256", "2,64,256", "3,32,256", "3,128,256", "4,32,256", "4,64,256", "4,128,256", "5,64,256",
        "6,32,256", "6,64,256", "8,32,256", "8,64,256", "8,128,256", "8,32,96", "8,64,192", "8,128,384", "4,32,96"})
    void fusedProductsEqualDequantizedMath(int bits, int groupSize, int cols) {
        SplittableRandom rnd = new SplittableRandom(bits * 31L + groupSize);
        float[] w = new float[ROWS * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rnd.nextGaussian() * 0.05);
        }
        MlxQuantizer.Quantized q = MlxQuantizer.quantize(w, ROWS, cols, bits, groupSize);
        try (Arena arena = Arena.ofConfined()) {
            QuantMatrix m = new QuantMatrix(unaligned(arena, q.packed()), unaligned(arena, bf16(q.scales())),
                    unaligned(arena, bf16(q.biases())), DType.BF16, new int[] {ROWS, cols, bits, groupSize});
            float[] row = new float[cols];
            for (int r = 0; r < ROWS; r++) {
                m.rowInto(r, row, 0);
                for (int k = 0; k < cols; k++) {
                    assertEquals(q.dequantized()[r * cols + k], row[k], 1e-7f, "row " + r + " element " + k);
                }
            }
            int n = 5;
            float[] x = new float[n * cols];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] expected = new float[n * ROWS];
            for (int t = 0; t < n; t++) {
                for (int r = 0; r < ROWS; r++) {
                    double s = 0;
                    for (int k = 0; k < cols; k++) {
                        s += (double) x[t * cols + k] * q.dequantized()[r * cols + k];
                    }
                    expected[t * ROWS + r] = (float) s;
                }
            }
            float[] one = new float[ROWS];
            float[] x0 = java.util.Arrays.copyOf(x, cols);
            PreparedInput in = new PreparedInput(x0);
            m.prepare(in);
            m.matvec(in, one, 0, 0, ROWS);
            assertArrayEquals(java.util.Arrays.copyOf(expected, ROWS), one, 2e-4f, "matvec");
            float[] batched = new float[n * ROWS];
            try (ComputePool pool = new ComputePool()) {
                Products.batched(List.of(m), new int[] {0}, x, n, batched, ROWS, pool, 2);
            }
            assertArrayEquals(expected, batched, 2e-4f, "batched");
        }
    }

    @Test
    void bf16DenseProductsReadUnalignedData() {
        SplittableRandom rnd = new SplittableRandom(3);
        int rows = 7;
        int cols = 70;
        float[] w = new float[rows * cols];
        for (int i = 0; i < w.length; i++) {
            w[i] = Bf16.round((float) rnd.nextGaussian());
        }
        try (Arena arena = Arena.ofConfined()) {
            DenseMatrix m = new DenseMatrix(unaligned(arena, bf16(w)), DType.BF16, rows, cols);
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] y = new float[rows];
            PreparedInput in = new PreparedInput(x);
            m.prepare(in);
            m.matvec(in, y, 0, 0, rows);
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int k = 0; k < cols; k++) {
                    s += (double) w[r * cols + k] * x[k];
                }
                assertEquals(s, y[r], 1e-4);
            }
        }
    }

    private static byte[] bf16(float[] v) {
        byte[] out = new byte[v.length * 2];
        for (int i = 0; i < v.length; i++) {
            short s = Bf16.bits(v[i]);
            out[2 * i] = (byte) s;
            out[2 * i + 1] = (byte) (s >> 8);
        }
        return out;
    }

    /** Copies bytes to native memory starting at an odd address, as MLX-written safetensors may. */
    private static MemorySegment unaligned(Arena arena, byte[] data) {
        MemorySegment seg = arena.allocate(data.length + 1, 16).asSlice(1, data.length);
        MemorySegment.copy(data, 0, seg, ValueLayout.JAVA_BYTE, 0, data.length);
        assertEquals(1, seg.address() % 2);
        return seg.asReadOnly();
    }

    static {
        assertEquals(ByteOrder.LITTLE_ENDIAN, ByteOrder.nativeOrder());
    }
}
