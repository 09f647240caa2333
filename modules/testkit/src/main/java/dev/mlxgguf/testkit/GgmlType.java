package dev.mlxgguf.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The ggml tensor types the writer can produce, with their GGUF ids and block layouts, and encoders
 * that follow ggml's reference quantizers ({@code quantize_row_q8_0_ref}, {@code quantize_row_q4_0_ref})
 * bit for bit: scales are IEEE fp16 (round to nearest even), Q8_0 rounds half away from zero.
 */
public enum GgmlType {
    /** 32-bit float. */
    F32(0, 1, 4),
    /** IEEE half float. */
    F16(1, 1, 2),
    /** Blocks of 32: fp16 scale {@code d}, 16 bytes of 4-bit values (low nibbles 0..15, high 16..31), {@code x = d(q-8)}. */
    Q4_0(2, 32, 18),
    /** Blocks of 32: fp16 scale {@code d = max|x|/127}, 32 signed bytes {@code q = round(x/d)}. */
    Q8_0(8, 32, 34);

    private final int id;
    private final int blockSize;
    private final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** {@return the {@code ggml_type} value stored in tensor infos} */
    public int id() {
        return id;
    }

    /** {@return elements per block (1 for plain types)} */
    public int blockSize() {
        return blockSize;
    }

    /** {@return bytes per block} */
    public int blockBytes() {
        return blockBytes;
    }

    /**
     * Computes the stored size of a tensor.
     *
     * @param elements the element count, a multiple of {@link #blockSize()}
     * @return bytes
     */
    public long byteSize(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(this + " needs a multiple of " + blockSize + " elements, got " + elements);
        }
        return elements / blockSize * blockBytes;
    }

    /**
     * Encodes values (row-major; rows must be whole blocks, which holds when {@code ne[0]} is a multiple of
     * the block size).
     *
     * @param values the values
     * @return the little-endian bytes
     */
    public byte[] encode(float[] values) {
        ByteBuffer out = ByteBuffer.allocate((int) byteSize(values.length)).order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F32 -> {
                for (float v : values) {
                    out.putFloat(v);
                }
            }
            case F16 -> {
                for (float v : values) {
                    out.putShort(Float.floatToFloat16(v));
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < values.length; b += 32) {
                    float amax = 0;
                    for (int j = 0; j < 32; j++) {
                        amax = Math.max(amax, Math.abs(values[b + j]));
                    }
                    float d = amax / 127f;
                    float id = d != 0 ? 1f / d : 0f;
                    out.putShort(Float.floatToFloat16(d));
                    for (int j = 0; j < 32; j++) {
                        out.put((byte) roundHalfAway(values[b + j] * id));
                    }
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < values.length; b += 32) {
                    float amax = 0;
                    float max = 0;
                    for (int j = 0; j < 32; j++) {
                        float v = values[b + j];
                        if (amax < Math.abs(v)) {
                            amax = Math.abs(v);
                            max = v;
                        }
                    }
                    float d = max / -8f;
                    float id = d != 0 ? 1f / d : 0f;
                    out.putShort(Float.floatToFloat16(d));
                    for (int j = 0; j < 16; j++) {
                        int lo = Math.min(15, (int) (values[b + j] * id + 8.5f));
                        int hi = Math.min(15, (int) (values[b + 16 + j] * id + 8.5f));
                        out.put((byte) (lo | (hi << 4)));
                    }
                }
            }
        }
        return out.array();
    }

    /**
     * Decodes stored bytes back to floats (for tests of writers and readers).
     *
     * @param data     the bytes of a tensor of this type
     * @param elements the element count
     * @return the values
     */
    public float[] decode(byte[] data, int elements) {
        ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[elements];
        switch (this) {
            case F32 -> {
                for (int i = 0; i < elements; i++) {
                    v[i] = in.getFloat();
                }
            }
            case F16 -> {
                for (int i = 0; i < elements; i++) {
                    v[i] = Float.float16ToFloat(in.getShort());
                }
            }
            case Q8_0 -> {
                for (int b = 0; b < elements; b += 32) {
                    float d = Float.float16ToFloat(in.getShort());
                    for (int j = 0; j < 32; j++) {
                        v[b + j] = d * in.get();
                    }
                }
            }
            case Q4_0 -> {
                for (int b = 0; b < elements; b += 32) {
                    float d = Float.float16ToFloat(in.getShort());
                    for (int j = 0; j < 16; j++) {
                        int q = in.get() & 0xFF;
                        v[b + j] = d * ((q & 0x0F) - 8);
                        v[b + 16 + j] = d * ((q >>> 4) - 8);
                    }
                }
            }
        }
        return v;
    }

    private static int roundHalfAway(float x) {
        return x >= 0 ? Math.round(x) : -Math.round(-x);
    }
}
