package dev.mlxgguf.engine.mlx.tensor;

import dev.mlxgguf.engine.mlx.safetensors.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * A float matrix stored as F32, BF16 or F16, row-major, read in place (unaligned little-endian).
 * F32 and BF16 products are vectorized; F16 converts each row with the scalar intrinsic first.
 */
public final class DenseMatrix implements Matrix {

    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);

    private final MemorySegment data;
    private final DType type;
    private final int rows;
    private final int cols;

    /**
     * @param data the row-major values
     * @param type F32, BF16 or F16
     * @param rows rows
     * @param cols columns
     */
    public DenseMatrix(MemorySegment data, DType type, int rows, int cols) {
        if (type != DType.F32 && type != DType.BF16 && type != DType.F16) {
            throw new IllegalArgumentException("unsupported weight type " + type);
        }
        if (data.byteSize() != (long) rows * cols * type.size()) {
            throw new IllegalArgumentException("size mismatch");
        }
        this.data = data;
        this.type = type;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public void prepare(PreparedInput in) {
    }

    @Override
    public void matvec(PreparedInput in, float[] y, int yBase, int r0, int r1) {
        float[] x = in.x();
        for (int r = r0; r < r1; r++) {
            y[yBase + r] = switch (type) {
                case F32 -> dotF32(x, (long) r * cols * 4);
                case BF16 -> dotBf16(x, (long) r * cols * 2);
                default -> dotRow(x, r);
            };
        }
    }

    private float dotF32(float[] x, long off) {
        int k = 0;
        float sum = 0;
        if (Lanes.VECTORIZED) {
            FloatVector acc = FloatVector.zero(Lanes.F);
            for (int bound = Lanes.F.loopBound(cols); k < bound; k += Lanes.L) {
                FloatVector w = FloatVector.fromMemorySegment(Lanes.F, data, off + 4L * k, ByteOrder.LITTLE_ENDIAN);
                acc = w.fma(FloatVector.fromArray(Lanes.F, x, k), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; k < cols; k++) {
            sum += data.get(Halfs.FLOAT, off + 4L * k) * x[k];
        }
        return sum;
    }

    private float dotBf16(float[] x, long off) {
        int k = 0;
        float sum = 0;
        if (Lanes.VECTORIZED) {
            FloatVector acc = FloatVector.zero(Lanes.F);
            for (int bound = Lanes.F.loopBound(cols); k < bound; k += Lanes.L) {
                acc = bf16At(off + 2L * k).fma(FloatVector.fromArray(Lanes.F, x, k), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; k < cols; k++) {
            sum += Halfs.bf16(data.get(Halfs.SHORT, off + 2L * k)) * x[k];
        }
        return sum;
    }

    private FloatVector bf16At(long byteOff) {
        ShortVector s = ShortVector.fromMemorySegment(Lanes.S, data, byteOff, ByteOrder.LITTLE_ENDIAN);
        IntVector i = (IntVector) s.convertShape(VectorOperators.S2I, Lanes.I, 0);
        return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    private float dotRow(float[] x, int r) {
        float[] row = ROW.get();
        if (row.length < cols) {
            row = new float[cols];
            ROW.set(row);
        }
        rowInto(r, row, 0);
        int k = 0;
        float sum = 0;
        if (Lanes.VECTORIZED) {
            FloatVector acc = FloatVector.zero(Lanes.F);
            for (int bound = Lanes.F.loopBound(cols); k < bound; k += Lanes.L) {
                acc = FloatVector.fromArray(Lanes.F, row, k).fma(FloatVector.fromArray(Lanes.F, x, k), acc);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; k < cols; k++) {
            sum += row[k] * x[k];
        }
        return sum;
    }

    @Override
    public void rowInto(int r, float[] out, int off) {
        long base = (long) r * cols;
        switch (type) {
            case F32 -> MemorySegment.copy(data, Halfs.FLOAT, base * 4, out, off, cols);
            case BF16 -> {
                int k = 0;
                if (Lanes.VECTORIZED) {
                    for (int bound = Lanes.F.loopBound(cols); k < bound; k += Lanes.L) {
                        bf16At((base + k) * 2).intoArray(out, off + k);
                    }
                }
                for (; k < cols; k++) {
                    out[off + k] = Halfs.bf16(data.get(Halfs.SHORT, (base + k) * 2));
                }
            }
            default -> {
                for (int k = 0; k < cols; k++) {
                    out[off + k] = Float.float16ToFloat(data.get(Halfs.SHORT, (base + k) * 2));
                }
            }
        }
    }

    @Override
    public boolean permutedTile() {
        return false;
    }

    @Override
    public void dequantizeRows(int r0, int r1, float[] tile) {
        for (int r = r0; r < r1; r++) {
            rowInto(r, tile, (r - r0) * cols);
        }
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public String format() {
        return type.name();
    }
}
