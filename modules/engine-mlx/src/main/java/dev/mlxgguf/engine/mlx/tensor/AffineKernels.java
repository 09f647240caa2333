package dev.mlxgguf.engine.mlx.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * Fused dequantize-and-dot kernels for one row of an MLX affine-quantized matrix with BF16 scales and offsets.
 * Returns {@code sum_g scale_g * (q_g . x_g) + sum_g offset_g * sum(x_g)}.
 *
 * <p>Why the shape: C2 stops intrinsifying Vector API calls in large methods (its inlining node budget),
 * and a boxed vector is twenty times slower, so each kernel is one small method handling one row; and
 * the group loop needs a constant trip count to be unrolled, so there is one method per group size
 * (generated code: the copies differ only in the literal). The byte-load 8-bit kernel reads codes as signed
 * bytes after flipping the top bit ({@code q ^ 0x80 = q - 128}): one sign-extending conversion instead of
 * two, with the {@code 128 * scale} put back through the group sums. 4-bit codes: a byte holds elements {@code 2i} (low
 * nibble) and {@code 2i+1} (high nibble); {@code x} comes in the even/odd layout of {@link Permute}.
 * Scales and offsets come from heap copies of the row's BF16 bits rather than from the mapped file: every
 * {@code MemorySegment} access inlines a sizeable tree, and with file-mapped segments the 4-bit kernels
 * outgrew C2's inlining budget; the accesses that were left as calls inside the loop forced the live vectors
 * to be boxed (3x slower). The one segment access left is the code load.
 * Stateless; thread-safe.
 */
final class AffineKernels {

    private AffineKernels() {
    }

    static FloatVector signed8(MemorySegment packed, long off) {
        return (FloatVector) ByteVector.fromMemorySegment(Lanes.B, packed, off, ByteOrder.LITTLE_ENDIAN)
                .lanewise(VectorOperators.XOR, (byte) 0x80).convertShape(VectorOperators.B2F, Lanes.F, 0);
    }

    static FloatVector low4(ByteVector q) {
        return (FloatVector) q.lanewise(VectorOperators.AND, (byte) 0x0F).convertShape(VectorOperators.B2F, Lanes.F, 0);
    }

    static FloatVector high4(ByteVector q) {
        return (FloatVector) q.lanewise(VectorOperators.LSHR, 4).convertShape(VectorOperators.B2F, Lanes.F, 0);
    }

    /**
     * 8-bit row product with byte loads, for the one shape the int-lane kernels below do not take: groups of
     * 32 on a 16-lane machine when a row has an odd number of groups.
     *
     * @param packed the packed codes
     * @param sc     the row's BF16 scales (bits), one per group
     * @param bi     the row's BF16 offsets (bits)
     * @param rowOff byte offset of the row in the packed codes
     * @param groups groups per row
     * @param x      the input
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot8g32(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] x, float[] sums) {
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            FloatVector s = FloatVector.zero(Lanes.F);
            FloatVector t = s;
            int k0 = g * 32;
            for (int j = 0; j < 32; j += 2 * Lanes.L) {
                s = signed8(packed, rowOff + k0 + j).fma(FloatVector.fromArray(Lanes.F, x, k0 + j), s);
                t = signed8(packed, rowOff + k0 + j + Lanes.L).fma(FloatVector.fromArray(Lanes.F, x, k0 + j + Lanes.L), t);
            }
            s = s.add(t);
            float scale = Float.intBitsToFloat(sc[g] << 16);
            acc = s.fma(FloatVector.broadcast(Lanes.F, scale), acc);
            offsets += (Float.intBitsToFloat(bi[g] << 16) + 128f * scale) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    /**
     * @param w      packed codes, scales, offsets
     * @param rowOff byte offset of the row in the packed codes
     * @param g0     index of the row's first group
     * @param groups groups per row
     * @param xeo    the input in even/odd layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot4g32(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] xeo, float[] sums) {
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            FloatVector s = FloatVector.zero(Lanes.F);
            FloatVector t = s;
            int k0 = g * 32;
            for (int j = 0; j < 32; j += 2 * Lanes.L) {
                ByteVector q = ByteVector.fromMemorySegment(Lanes.B, packed, rowOff + ((k0 + j) >>> 1), ByteOrder.LITTLE_ENDIAN);
                s = low4(q).fma(FloatVector.fromArray(Lanes.F, xeo, k0 + j), s);
                t = high4(q).fma(FloatVector.fromArray(Lanes.F, xeo, k0 + j + Lanes.L), t);
            }
            s = s.add(t);
            acc = s.fma(FloatVector.broadcast(Lanes.F, Float.intBitsToFloat(sc[g] << 16)), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    /**
     * @param w      packed codes, scales, offsets
     * @param rowOff byte offset of the row in the packed codes
     * @param g0     index of the row's first group
     * @param groups groups per row
     * @param xeo    the input in even/odd layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot4g64(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] xeo, float[] sums) {
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            FloatVector s = FloatVector.zero(Lanes.F);
            FloatVector t = s;
            int k0 = g * 64;
            for (int j = 0; j < 64; j += 2 * Lanes.L) {
                ByteVector q = ByteVector.fromMemorySegment(Lanes.B, packed, rowOff + ((k0 + j) >>> 1), ByteOrder.LITTLE_ENDIAN);
                s = low4(q).fma(FloatVector.fromArray(Lanes.F, xeo, k0 + j), s);
                t = high4(q).fma(FloatVector.fromArray(Lanes.F, xeo, k0 + j + Lanes.L), t);
            }
            s = s.add(t);
            acc = s.fma(FloatVector.broadcast(Lanes.F, Float.intBitsToFloat(sc[g] << 16)), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    /**
     * @param w      packed codes, scales, offsets
     * @param rowOff byte offset of the row in the packed codes
     * @param g0     index of the row's first group
     * @param groups groups per row
     * @param xeo    the input in even/odd layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot4g128(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] xeo, float[] sums) {
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            FloatVector s = FloatVector.zero(Lanes.F);
            FloatVector t = s;
            int k0 = g * 128;
            for (int j = 0; j < 128; j += 2 * Lanes.L) {
                ByteVector q = ByteVector.fromMemorySegment(Lanes.B, packed, rowOff + ((k0 + j) >>> 1), ByteOrder.LITTLE_ENDIAN);
                s = low4(q).fma(FloatVector.fromArray(Lanes.F, xeo, k0 + j), s);
                t = high4(q).fma(FloatVector.fromArray(Lanes.F, xeo, k0 + j + Lanes.L), t);
            }
            s = s.add(t);
            acc = s.fma(FloatVector.broadcast(Lanes.F, Float.intBitsToFloat(sc[g] << 16)), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    // ---- 4-bit, int lanes: one IntVector load holds E = 8L codes; lane i holds elements 8i..8i+7, nibble j
    // of lane i is element 8i+j, multiplied with x in the eight-way layout (x8[j*L + i] = x[8i + j]).
    // Native 32-bit shifts replace the emulated byte shifts of the byte kernels, and one load serves 8L codes.

    private static FloatVector nibble(IntVector v, int j) {
        IntVector n = j == 0 ? v : v.lanewise(VectorOperators.LSHR, 4 * j);
        if (j < 7) {
            n = n.lanewise(VectorOperators.AND, 15);
        }
        return (FloatVector) n.convertShape(VectorOperators.I2F, Lanes.F, 0);
    }

    /**
     * 4-bit row product when a group is one block ({@code groupSize == 8L}).
     *
     * @param packed the packed codes
     * @param sc     the row's BF16 scales (bits), one per group
     * @param bi     the row's BF16 offsets (bits)
     * @param rowOff byte offset of the row
     * @param groups groups per row
     * @param x8     the input in the eight-way layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot4OneGroupPerBlock(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] x8,
                                      float[] sums) {
        int e = 8 * Lanes.L;
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            int k0 = g * e;
            IntVector v = IntVector.fromMemorySegment(Lanes.I, packed, rowOff + (k0 >>> 1), ByteOrder.LITTLE_ENDIAN);
            FloatVector s = nibble(v, 0).mul(FloatVector.fromArray(Lanes.F, x8, k0));
            FloatVector t = nibble(v, 1).mul(FloatVector.fromArray(Lanes.F, x8, k0 + Lanes.L));
            s = nibble(v, 2).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 2 * Lanes.L), s);
            t = nibble(v, 3).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 3 * Lanes.L), t);
            s = nibble(v, 4).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 4 * Lanes.L), s);
            t = nibble(v, 5).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 5 * Lanes.L), t);
            s = nibble(v, 6).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 6 * Lanes.L), s);
            t = nibble(v, 7).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 7 * Lanes.L), t);
            acc = s.add(t).fma(FloatVector.broadcast(Lanes.F, Float.intBitsToFloat(sc[g] << 16)), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    /** Lanes [L/2, L) of a float vector: the second group of a block that holds two groups. */
    private static final VectorMask<Float> UPPER =
            VectorMask.fromLong(Lanes.F, ((1L << Lanes.L) - 1) & -(1L << (Lanes.L / 2)));

    /**
     * 4-bit row product when a block holds two groups ({@code groupSize == 4L}): the block's products are
     * scaled by a blend of the two group scales (first half of the lanes, second half).
     *
     * @param packed the packed codes
     * @param sc     the row's BF16 scales (bits), one per group
     * @param bi     the row's BF16 offsets (bits)
     * @param rowOff byte offset of the row
     * @param groups groups per row (even)
     * @param x8     the input in the eight-way layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot4TwoGroupsPerBlock(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] x8,
                                      float[] sums) {
        int e = 8 * Lanes.L;
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g += 2) {
            int k0 = (g >>> 1) * e;
            IntVector v = IntVector.fromMemorySegment(Lanes.I, packed, rowOff + (k0 >>> 1), ByteOrder.LITTLE_ENDIAN);
            FloatVector s = nibble(v, 0).mul(FloatVector.fromArray(Lanes.F, x8, k0));
            FloatVector t = nibble(v, 1).mul(FloatVector.fromArray(Lanes.F, x8, k0 + Lanes.L));
            s = nibble(v, 2).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 2 * Lanes.L), s);
            t = nibble(v, 3).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 3 * Lanes.L), t);
            s = nibble(v, 4).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 4 * Lanes.L), s);
            t = nibble(v, 5).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 5 * Lanes.L), t);
            s = nibble(v, 6).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 6 * Lanes.L), s);
            t = nibble(v, 7).fma(FloatVector.fromArray(Lanes.F, x8, k0 + 7 * Lanes.L), t);
            float s0 = Float.intBitsToFloat(sc[g] << 16);
            float s1 = Float.intBitsToFloat(sc[g + 1] << 16);
            acc = s.add(t).fma(FloatVector.broadcast(Lanes.F, s0).blend(s1, UPPER), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g]
                    + Float.intBitsToFloat(bi[g + 1] << 16) * sums[g + 1];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    /**
     * 4-bit row product when a group spans two blocks ({@code groupSize == 16L}).
     *
     * @param packed the packed codes
     * @param sc     the row's BF16 scales (bits), one per group
     * @param bi     the row's BF16 offsets (bits)
     * @param rowOff byte offset of the row
     * @param groups groups per row
     * @param x8     the input in the eight-way layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot4TwoBlocksPerGroup(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups, float[] x8,
                                      float[] sums) {
        int e = 8 * Lanes.L;
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            int k0 = 2 * g * e;
            FloatVector sum = FloatVector.zero(Lanes.F);
            for (int half = 0; half < 2; half++) {
                int kb = k0 + half * e;
                IntVector v = IntVector.fromMemorySegment(Lanes.I, packed, rowOff + (kb >>> 1), ByteOrder.LITTLE_ENDIAN);
                FloatVector s = nibble(v, 0).mul(FloatVector.fromArray(Lanes.F, x8, kb));
                FloatVector t = nibble(v, 1).mul(FloatVector.fromArray(Lanes.F, x8, kb + Lanes.L));
                s = nibble(v, 2).fma(FloatVector.fromArray(Lanes.F, x8, kb + 2 * Lanes.L), s);
                t = nibble(v, 3).fma(FloatVector.fromArray(Lanes.F, x8, kb + 3 * Lanes.L), t);
                s = nibble(v, 4).fma(FloatVector.fromArray(Lanes.F, x8, kb + 4 * Lanes.L), s);
                t = nibble(v, 5).fma(FloatVector.fromArray(Lanes.F, x8, kb + 5 * Lanes.L), t);
                s = nibble(v, 6).fma(FloatVector.fromArray(Lanes.F, x8, kb + 6 * Lanes.L), s);
                t = nibble(v, 7).fma(FloatVector.fromArray(Lanes.F, x8, kb + 7 * Lanes.L), t);
                sum = sum.add(s.add(t));
            }
            acc = sum.fma(FloatVector.broadcast(Lanes.F, Float.intBitsToFloat(sc[g] << 16)), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    // ---- 8-bit, int lanes: one IntVector load holds 4L codes; lane i holds elements 4i..4i+3, byte j of lane
    // i is element 4i+j, multiplied with x in the four-way layout (x4[j*L + i] = x[4i + j]). One 4L-byte load,
    // then per byte a shift, a mask and a conversion: 1.4-2.4x the byte-load kernel above (measured on AVX-512
    // and AVX2), whose narrow byte loads and byte-to-float conversions cost more per code.

    private static FloatVector byteLane(IntVector v, int j) {
        IntVector n = j == 0 ? v : v.lanewise(VectorOperators.LSHR, 8 * j);
        if (j < 3) {
            n = n.lanewise(VectorOperators.AND, 255);
        }
        return (FloatVector) n.convertShape(VectorOperators.I2F, Lanes.F, 0);
    }

    /** The products of one 4L-code block, not yet scaled. */
    private static FloatVector block8(MemorySegment packed, long off, float[] x4, int k0) {
        IntVector v = IntVector.fromMemorySegment(Lanes.I, packed, off, ByteOrder.LITTLE_ENDIAN);
        FloatVector s = byteLane(v, 0).mul(FloatVector.fromArray(Lanes.F, x4, k0));
        FloatVector t = byteLane(v, 1).mul(FloatVector.fromArray(Lanes.F, x4, k0 + Lanes.L));
        s = byteLane(v, 2).fma(FloatVector.fromArray(Lanes.F, x4, k0 + 2 * Lanes.L), s);
        t = byteLane(v, 3).fma(FloatVector.fromArray(Lanes.F, x4, k0 + 3 * Lanes.L), t);
        return s.add(t);
    }

    /**
     * 8-bit row product when a group is one or more whole blocks ({@code groupSize == m * 4L}).
     *
     * @param packed         the packed codes
     * @param sc             the row's BF16 scales (bits), one per group
     * @param bi             the row's BF16 offsets (bits)
     * @param rowOff         byte offset of the row
     * @param groups         groups per row
     * @param blocksPerGroup m
     * @param x4             the input in the four-way layout
     * @param sums           group sums of the input
     * @return the dot product
     */
    static float dot8BlocksPerGroup(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups,
                                    int blocksPerGroup, float[] x4, float[] sums) {
        int e = 4 * Lanes.L;
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g++) {
            int k0 = g * blocksPerGroup * e;
            FloatVector sum = block8(packed, rowOff + k0, x4, k0);
            for (int b = 1; b < blocksPerGroup; b++) {
                int kb = k0 + b * e;
                sum = sum.add(block8(packed, rowOff + kb, x4, kb));
            }
            acc = sum.fma(FloatVector.broadcast(Lanes.F, Float.intBitsToFloat(sc[g] << 16)), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }

    /**
     * 8-bit row product when a block holds two groups ({@code groupSize == 2L}): the block's products are
     * scaled by a blend of the two group scales.
     *
     * @param packed the packed codes
     * @param sc     the row's BF16 scales (bits), one per group
     * @param bi     the row's BF16 offsets (bits)
     * @param rowOff byte offset of the row
     * @param groups groups per row (even)
     * @param x4     the input in the four-way layout
     * @param sums   group sums of the input
     * @return the dot product
     */
    static float dot8TwoGroupsPerBlock(MemorySegment packed, short[] sc, short[] bi, long rowOff, int groups,
                                       float[] x4, float[] sums) {
        int e = 4 * Lanes.L;
        FloatVector acc = FloatVector.zero(Lanes.F);
        float offsets = 0;
        for (int g = 0; g < groups; g += 2) {
            int k0 = (g >>> 1) * e;
            FloatVector sum = block8(packed, rowOff + k0, x4, k0);
            float s0 = Float.intBitsToFloat(sc[g] << 16);
            float s1 = Float.intBitsToFloat(sc[g + 1] << 16);
            acc = sum.fma(FloatVector.broadcast(Lanes.F, s0).blend(s1, UPPER), acc);
            offsets += Float.intBitsToFloat(bi[g] << 16) * sums[g]
                    + Float.intBitsToFloat(bi[g + 1] << 16) * sums[g + 1];
        }
        return acc.reduceLanes(VectorOperators.ADD) + offsets;
    }
}
