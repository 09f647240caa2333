package dev.mlxgguf.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MLX's affine quantizer ({@code mx.quantize}, CPU reference), reproduced in Java: per group of
 * {@code groupSize} elements along each row, the edge is whichever of min and max has the larger magnitude,
 * {@code scale = max((max - min) / (2^bits - 1), 1e-7)} (negated when the edge is the max),
 * {@code q0 = rint(edge / scale)}; if q0 is not 0 then {@code scale = edge / q0} and {@code bias = edge},
 * else {@code bias = 0}; each code is {@code clamp(rint((w - bias) / scale), 0, 2^bits - 1)}, packed as a
 * little-endian bit stream (element k at bits {@code [k*bits, (k+1)*bits)} of the row). Scales and biases are
 * then stored in the model dtype, here bfloat16. Stateless.
 */
public final class MlxQuantizer {

    /**
     * A quantized matrix.
     *
     * @param packed      the U32 weight bytes, {@code rows * cols * bits / 8}
     * @param scales      per-group scales, bfloat16-rounded, {@code rows * cols / groupSize}
     * @param biases      per-group offsets, bfloat16-rounded
     * @param dequantized {@code scale * q + bias} per element (float32), the matrix the codes stand for
     */
    public record Quantized(byte[] packed, float[] scales, float[] biases, float[] dequantized) {
    }

    private MlxQuantizer() {
    }

    /**
     * @param w         row-major values
     * @param rows      rows
     * @param cols      columns, a multiple of {@code groupSize}
     * @param bits      2, 3, 4, 5, 6 or 8
     * @param groupSize 32, 64 or 128
     * @return the quantized matrix
     */
    public static Quantized quantize(float[] w, int rows, int cols, int bits, int groupSize) {
        if (cols % groupSize != 0 || ((long) cols * bits) % 32 != 0) {
            throw new IllegalArgumentException("cols must be a multiple of the group size and of 32/bits");
        }
        int groups = rows * cols / groupSize;
        float nBins = (1 << bits) - 1;
        byte[] packed = new byte[rows * cols * bits / 8];
        float[] scales = new float[groups];
        float[] biases = new float[groups];
        float[] deq = new float[w.length];
        for (int g = 0; g < groups; g++) {
            int base = g * groupSize;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < groupSize; j++) {
                min = Math.min(min, w[base + j]);
                max = Math.max(max, w[base + j]);
            }
            boolean mask = Math.abs(min) > Math.abs(max);
            float scale = Math.max((max - min) / nBins, 1e-7f);
            scale = mask ? scale : -scale;
            float edge = mask ? min : max;
            float q0 = (float) Math.rint(edge / scale);
            float bias = 0;
            if (q0 != 0) {
                scale = edge / q0;
                bias = edge;
            }
            float sStored = Bf16.round(scale);
            float bStored = Bf16.round(bias);
            scales[g] = sStored;
            biases[g] = bStored;
            for (int j = 0; j < groupSize; j++) {
                float q = (float) Math.rint((w[base + j] - bias) / scale);
                int code = (int) Math.min(Math.max(q, 0f), nBins);
                setBits(packed, (long) (base + j) * bits, bits, code);
                deq[base + j] = sStored * code + bStored;
            }
        }
        return new Quantized(packed, scales, biases, deq);
    }

    private static void setBits(byte[] out, long bit, int bits, int code) {
        for (int i = 0; i < bits; i++) {
            if (((code >>> i) & 1) != 0) {
                long b = bit + i;
                out[(int) (b >>> 3)] |= (byte) (1 << (b & 7));
            }
        }
    }

    /**
     * @param values floats
     * @return their bfloat16 little-endian encoding
     */
    static byte[] bf16Bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putShort(Bf16.bits(v));
        }
        return b.array();
    }
}
