package dev.mlxgguf.engine.mlx.tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * One input vector of a matrix-vector product with the derived forms the quantized kernels read: group
 * sums (for the affine offsets) and the rearranged copies the 4- and 8-bit kernels multiply codes with
 * (see {@link Permute}). Derived forms are computed by {@link Matrix#prepare} before a parallel product starts; during the
 * product the object is read-only and may be shared by all threads.
 */
public final class PreparedInput {

    private final float[] x;
    private final Map<Integer, float[]> groupSums = new HashMap<>();
    private float[] evenOdd;
    private float[] eightWay;
    private float[] fourWay;

    /**
     * @param x the vector (not copied; must not change while products run)
     */
    public PreparedInput(float[] x) {
        this.x = x;
    }

    /** {@return the vector} */
    public float[] x() {
        return x;
    }

    /**
     * @param groupSize a group size
     * @return sums of consecutive groups of that size (computed once)
     */
    float[] groupSums(int groupSize) {
        return groupSums.computeIfAbsent(groupSize, gs -> {
            float[] s = new float[x.length / gs];
            for (int g = 0; g < s.length; g++) {
                float acc = 0;
                for (int k = g * gs; k < (g + 1) * gs; k++) {
                    acc += x[k];
                }
                s[g] = acc;
            }
            return s;
        });
    }

    /**
     * {@return x with each span of {@code 2L} elements rearranged as its L even-indexed then its L odd-indexed
     * elements (computed once); {@code x.length} must be a multiple of {@code 2L}}
     */
    float[] evenOdd() {
        if (evenOdd == null) {
            evenOdd = Permute.evenOdd(x, 0, x.length, Lanes.L);
        }
        return evenOdd;
    }

    /**
     * {@return x in the eight-way layout of {@link Permute#interleaved} (computed once); {@code x.length} must
     * be a multiple of {@code 8L}}
     */
    float[] eightWay() {
        if (eightWay == null) {
            eightWay = Permute.interleaved(x, Lanes.L, 8);
        }
        return eightWay;
    }

    /**
     * {@return x in the four-way layout of {@link Permute#interleaved} (computed once); {@code x.length} must
     * be a multiple of {@code 4L}}
     */
    float[] fourWay() {
        if (fourWay == null) {
            fourWay = Permute.interleaved(x, Lanes.L, 4);
        }
        return fourWay;
    }
}
