package dev.mlxgguf.engine.mlx.model;

/**
 * A LoRA (or DoRA) update of one Linear module, applied to its output:
 * {@code y += scale * (x . A) . B}, and for DoRA then {@code y *= m / ||W + scale * B^T A^T||_row}. The base
 * bias, if any, is added after this (as mlx_lm's DoRA layer does). Immutable; thread-safe.
 *
 * @param a         {@code lora_a} as {@code [in, rank]}, row-major
 * @param b         {@code lora_b} as {@code [rank, out]}, row-major
 * @param in        input width
 * @param out       output width
 * @param rank      the rank
 * @param scale     the adapter scale (applied directly, no alpha/rank)
 * @param doraScale per-output factor {@code m / ||adapted row||}, or null for plain LoRA
 */
public record LoraDelta(float[] a, float[] b, int in, int out, int rank, float scale, float[] doraScale) {

    /**
     * Adds the update for one input.
     *
     * @param x    the input ({@code in} values from {@code xOff})
     * @param xOff input offset
     * @param y    the base output ({@code out} values from {@code yOff}), updated in place
     * @param yOff output offset
     */
    public void apply(float[] x, int xOff, float[] y, int yOff) {
        float[] t = new float[rank];
        for (int i = 0; i < in; i++) {
            float xi = x[xOff + i];
            int row = i * rank;
            for (int j = 0; j < rank; j++) {
                t[j] += xi * a[row + j];
            }
        }
        for (int j = 0; j < rank; j++) {
            float tj = t[j] * scale;
            int row = j * out;
            for (int o = 0; o < out; o++) {
                y[yOff + o] += tj * b[row + o];
            }
        }
        if (doraScale != null) {
            for (int o = 0; o < out; o++) {
                y[yOff + o] *= doraScale[o];
            }
        }
    }
}
