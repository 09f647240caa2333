package dev.mlxgguf.testkit;

/** bfloat16 conversions (round to nearest even), as MLX and PyTorch cast float32 to bfloat16. Stateless. */
public final class Bf16 {

    private Bf16() {
    }

    /**
     * @param v a float
     * @return its bfloat16 bits
     */
    public static short bits(float v) {
        int b = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) {
            return (short) 0x7FC0;
        }
        return (short) ((b + 0x7FFF + ((b >>> 16) & 1)) >>> 16);
    }

    /**
     * @param v a float
     * @return the nearest bfloat16 value, as a float
     */
    public static float round(float v) {
        return Float.intBitsToFloat(bits(v) << 16);
    }
}
