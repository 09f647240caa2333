package dev.mlxgguf.engine.mlx.tensor;

import dev.mlxgguf.engine.mlx.safetensors.DType;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * An MLX affine-quantized matrix: each row is a little-endian bit stream of {@code bits}-bit unsigned codes
 * (element k at bits {@code [k*bits, (k+1)*bits)}), grouped along the row in runs of {@code groupSize}
 * elements with one scale and one offset per group: {@code w = scale * q + bias}. Products are fused with
 * dequantization and never expand the matrix:
 * {@code row . x = sum_g scale_g * (q_g . x_g) + sum_g bias_g * sum(x_g)}.
 * 8- and 4-bit codes have vector kernels; 2, 3, 5 and 6 bits use a scalar unpacker.
 */
public final class QuantMatrix implements Matrix {

    private final MemorySegment packed;
    private final MemorySegment scales;
    private final MemorySegment biases;
    private final DType scaleType;
    private final int rows;
    private final int cols;
    private final int bits;
    private final int groupSize;
    private final int groups;
    private final long rowBytes;
    private final boolean fast4;
    private final boolean fast8;
    private final Lanes4 lanes4;
    private final int blocks8;
    private final boolean byteKernel8;

    /** How groups map onto the 8L-code blocks of the int-lane 4-bit kernels. */
    private enum Lanes4 {
        /** Not applicable (byte kernels or scalar). */
        NONE,
        /** {@code groupSize == 8L}. */
        ONE_GROUP_PER_BLOCK,
        /** {@code groupSize == 4L}: blended scales. */
        TWO_GROUPS_PER_BLOCK,
        /** {@code groupSize == 16L}. */
        TWO_BLOCKS_PER_GROUP
    }


    /**
     * @param packed    the U32 {@code weight}, {@code [rows, cols * bits / 32]}
     * @param scales    {@code [rows, cols / groupSize]}
     * @param biases    {@code [rows, cols / groupSize]}
     * @param scaleType the type of scales and biases (BF16, F16 or F32)
     * @param shape     {@code {rows, cols, bits, groupSize}}
     */
    public QuantMatrix(MemorySegment packed, MemorySegment scales, MemorySegment biases, DType scaleType, int[] shape) {
        this.rows = shape[0];
        this.cols = shape[1];
        this.bits = shape[2];
        this.groupSize = shape[3];
        this.groups = cols / groupSize;
        this.rowBytes = (long) cols * bits / 8;
        if (packed.byteSize() != rowBytes * rows || scales.byteSize() != (long) rows * groups * scaleType.size()
                || biases.byteSize() != scales.byteSize() || cols % groupSize != 0) {
            throw new IllegalArgumentException("quantized matrix sizes do not match");
        }
        this.packed = packed;
        this.scales = scales;
        this.biases = biases;
        this.scaleType = scaleType;
        boolean kernels = Lanes.VECTORIZED && scaleType == DType.BF16;
        this.fast8 = kernels && bits == 8 && groupSize % Lanes.L == 0;
        this.fast4 = kernels && bits == 4 && groupSize % (2 * Lanes.L) == 0;
        int block = 8 * Lanes.L;
        this.lanes4 = !fast4 || cols % block != 0 ? Lanes4.NONE
                : groupSize == block ? Lanes4.ONE_GROUP_PER_BLOCK
                : groupSize * 2 == block && groups % 2 == 0 ? Lanes4.TWO_GROUPS_PER_BLOCK
                : groupSize == 2 * block ? Lanes4.TWO_BLOCKS_PER_GROUP : Lanes4.NONE;
        int block8 = 4 * Lanes.L;
        this.blocks8 = !fast8 ? 0
                : groupSize % block8 == 0 ? groupSize / block8
                : groupSize * 2 == block8 && groups % 2 == 0 ? TWO_GROUPS_PER_BLOCK : 0;
        this.byteKernel8 = fast8 && blocks8 == 0 && groupSize == 32;
    }

    /** {@link #blocks8} when a 4L-code block holds two groups of 8-bit codes. */
    private static final int TWO_GROUPS_PER_BLOCK = -1;

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** {@return bits per code} */
    public int bits() {
        return bits;
    }

    /** {@return elements per group} */
    public int groupSize() {
        return groupSize;
    }

    @Override
    public void prepare(PreparedInput in) {
        in.groupSums(groupSize);
        if (blocks8 != 0) {
            in.fourWay();
        } else if (lanes4 != Lanes4.NONE) {
            in.eightWay();
        } else if (fast4) {
            in.evenOdd();
        }
    }

    private float scale(long index) {
        return scaleType == DType.BF16 ? Halfs.bf16(scales.get(Halfs.SHORT, index * 2)) : Halfs.read(scales, scaleType, index);
    }

    private float bias(long index) {
        return scaleType == DType.BF16 ? Halfs.bf16(biases.get(Halfs.SHORT, index * 2)) : Halfs.read(biases, scaleType, index);
    }

    private static final ThreadLocal<short[][]> ROW_SCALES = ThreadLocal.withInitial(() -> new short[2][0]);

    @Override
    public void matvec(PreparedInput in, float[] y, int yBase, int r0, int r1) {
        float[] sums = in.groupSums(groupSize);
        short[][] buf = ROW_SCALES.get();
        if (buf[0].length < groups) {
            buf[0] = new short[groups];
            buf[1] = new short[groups];
        }
        short[] sc = buf[0];
        short[] bi = buf[1];
        for (int r = r0; r < r1; r++) {
            long rowOff = r * rowBytes;
            long g0 = (long) r * groups;
            if (blocks8 != 0 || byteKernel8 || fast4) {
                MemorySegment.copy(scales, Halfs.SHORT, g0 * 2, sc, 0, groups);
                MemorySegment.copy(biases, Halfs.SHORT, g0 * 2, bi, 0, groups);
            }
            if (blocks8 > 0) {
                y[yBase + r] = AffineKernels.dot8BlocksPerGroup(packed, sc, bi, rowOff, groups, blocks8, in.fourWay(), sums);
            } else if (blocks8 == TWO_GROUPS_PER_BLOCK) {
                y[yBase + r] = AffineKernels.dot8TwoGroupsPerBlock(packed, sc, bi, rowOff, groups, in.fourWay(), sums);
            } else if (byteKernel8) {
                y[yBase + r] = AffineKernels.dot8g32(packed, sc, bi, rowOff, groups, in.x(), sums);
            } else if (lanes4 != Lanes4.NONE) {
                float[] x8 = in.eightWay();
                y[yBase + r] = switch (lanes4) {
                    case ONE_GROUP_PER_BLOCK -> AffineKernels.dot4OneGroupPerBlock(packed, sc, bi, rowOff, groups, x8, sums);
                    case TWO_GROUPS_PER_BLOCK -> AffineKernels.dot4TwoGroupsPerBlock(packed, sc, bi, rowOff, groups, x8, sums);
                    default -> AffineKernels.dot4TwoBlocksPerGroup(packed, sc, bi, rowOff, groups, x8, sums);
                };
            } else if (fast4) {
                y[yBase + r] = switch (groupSize) {
                    case 32 -> AffineKernels.dot4g32(packed, sc, bi, rowOff, groups, in.evenOdd(), sums);
                    case 64 -> AffineKernels.dot4g64(packed, sc, bi, rowOff, groups, in.evenOdd(), sums);
                    default -> AffineKernels.dot4g128(packed, sc, bi, rowOff, groups, in.evenOdd(), sums);
                };
            } else {
                float offsetTerm = 0;
                for (int g = 0; g < groups; g++) {
                    offsetTerm += bias(g0 + g) * sums[g];
                }
                y[yBase + r] = dotGeneric(in.x(), r) + offsetTerm;
            }
        }
    }

    private float dotGeneric(float[] x, int r) {
        long g0 = (long) r * groups;
        float sum = 0;
        for (int g = 0; g < groups; g++) {
            float gs = 0;
            for (int k = g * groupSize; k < (g + 1) * groupSize; k++) {
                gs += code(r, k) * x[k];
            }
            sum += gs * scale(g0 + g);
        }
        return sum;
    }

    /**
     * @param r row
     * @param k element
     * @return the unsigned code of element k of row r
     */
    int code(int r, int k) {
        long bit = (long) k * bits;
        long at = r * rowBytes + (bit >>> 3);
        int shift = (int) (bit & 7);
        int v = packed.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at) & 0xFF;
        if (shift + bits > 8) {
            v |= (packed.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + 1) & 0xFF) << 8;
        }
        return (v >>> shift) & ((1 << bits) - 1);
    }

    @Override
    public void rowInto(int r, float[] out, int off) {
        long g0 = (long) r * groups;
        for (int g = 0; g < groups; g++) {
            float s = scale(g0 + g);
            float b = bias(g0 + g);
            for (int k = g * groupSize; k < (g + 1) * groupSize; k++) {
                out[off + k] = s * code(r, k) + b;
            }
        }
    }

    @Override
    public boolean permutedTile() {
        return fast4;
    }

    @Override
    public void dequantizeRows(int r0, int r1, float[] tile) {
        for (int r = r0; r < r1; r++) {
            int off = (r - r0) * cols;
            if (fast8) {
                rowInto8(r, tile, off);
            } else if (fast4) {
                rowInto4(r, tile, off);
            } else {
                rowInto(r, tile, off);
            }
        }
    }

    private void rowInto8(int r, float[] out, int off) {
        long rowOff = r * rowBytes;
        long g0 = (long) r * groups;
        for (int g = 0; g < groups; g++) {
            FloatVector s = FloatVector.broadcast(Lanes.F, scale(g0 + g));
            FloatVector b = FloatVector.broadcast(Lanes.F, bias(g0 + g));
            for (int k = g * groupSize; k < (g + 1) * groupSize; k += Lanes.L) {
                ByteVector q = ByteVector.fromMemorySegment(Lanes.B, packed, rowOff + k, ByteOrder.LITTLE_ENDIAN);
                FloatVector w = (FloatVector) q.convertShape(VectorOperators.ZERO_EXTEND_B2I, Lanes.I, 0)
                        .convertShape(VectorOperators.I2F, Lanes.F, 0);
                w.fma(s, b).intoArray(out, off + k);
            }
        }
    }

    private void rowInto4(int r, float[] out, int off) {
        long rowOff = r * rowBytes;
        long g0 = (long) r * groups;
        for (int g = 0; g < groups; g++) {
            FloatVector s = FloatVector.broadcast(Lanes.F, scale(g0 + g));
            FloatVector b = FloatVector.broadcast(Lanes.F, bias(g0 + g));
            for (int k = g * groupSize; k < (g + 1) * groupSize; k += 2 * Lanes.L) {
                ByteVector q = ByteVector.fromMemorySegment(Lanes.B, packed, rowOff + k / 2, ByteOrder.LITTLE_ENDIAN);
                ((FloatVector) q.lanewise(VectorOperators.AND, (byte) 0x0F).convertShape(VectorOperators.B2F, Lanes.F, 0))
                        .fma(s, b).intoArray(out, off + k);
                ((FloatVector) q.lanewise(VectorOperators.LSHR, 4).convertShape(VectorOperators.B2F, Lanes.F, 0))
                        .fma(s, b).intoArray(out, off + k + Lanes.L);
            }
        }
    }

    @Override
    public long byteSize() {
        return packed.byteSize() + scales.byteSize() + biases.byteSize();
    }

    @Override
    public String format() {
        return "q" + bits + "/g" + groupSize;
    }
}
