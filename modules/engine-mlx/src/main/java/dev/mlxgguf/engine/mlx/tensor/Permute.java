package dev.mlxgguf.engine.mlx.tensor;

/**
 * The even/odd span layout shared by the 4-bit kernels and their inputs: in each span of {@code 2L}
 * values, the L values at even offsets come first, then the L at odd offsets. A 4-bit byte holds
 * elements {@code 2i} (low nibble) and {@code 2i+1} (high nibble), so unpacking L bytes gives one vector of
 * even and one of odd elements; multiplying them with an input in the same layout gives the same dot
 * product without shuffles. Stateless.
 */
final class Permute {

    private Permute() {
    }

    /**
     * @param x     source
     * @param from  first element (a multiple of 2L from the row start)
     * @param count element count, a multiple of {@code 2 * lanes}
     * @param lanes L
     * @return the rearranged copy of {@code x[from, from + count)}
     */
    static float[] evenOdd(float[] x, int from, int count, int lanes) {
        float[] out = new float[count];
        evenOddInto(x, from, count, lanes, out, 0);
        return out;
    }

    /**
     * @param x      source
     * @param from   first element
     * @param count  element count, a multiple of {@code 2 * lanes}
     * @param lanes  L
     * @param out    destination
     * @param outOff destination offset
     */
    static void evenOddInto(float[] x, int from, int count, int lanes, float[] out, int outOff) {
        int span = 2 * lanes;
        for (int s = 0; s < count; s += span) {
            for (int i = 0; i < lanes; i++) {
                out[outOff + s + i] = x[from + s + 2 * i];
                out[outOff + s + lanes + i] = x[from + s + 2 * i + 1];
            }
        }
    }

    /**
     * The interleaved layout of the int-lane kernels: one int vector of L lanes holds {@code ways} codes per
     * lane (lane i holds elements {@code ways*i .. ways*i + ways - 1}), so in each block of {@code ways * lanes}
     * values {@code out[j * lanes + i] = x[ways*i + j]}: code j of every lane meets its input in one float
     * vector. The 4-bit kernels use eight ways, the 8-bit kernels four.
     *
     * @param x     source, length a multiple of {@code ways * lanes}
     * @param lanes L
     * @param ways  codes per int lane (4 or 8)
     * @return the rearranged copy
     */
    static float[] interleaved(float[] x, int lanes, int ways) {
        float[] out = new float[x.length];
        int block = ways * lanes;
        for (int b = 0; b < x.length; b += block) {
            for (int i = 0; i < lanes; i++) {
                for (int j = 0; j < ways; j++) {
                    out[b + j * lanes + i] = x[b + ways * i + j];
                }
            }
        }
        return out;
    }
}
