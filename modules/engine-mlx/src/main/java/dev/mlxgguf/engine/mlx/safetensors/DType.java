package dev.mlxgguf.engine.mlx.safetensors;

import java.util.Optional;

/**
 * Safetensors element types: every name the format defines, with its size, so that any valid file can be
 * validated; {@link #computable()} tells which ones the engine can read as numbers.
 */
public enum DType {
    /** Boolean, one byte. */
    BOOL(1),
    /** Unsigned 8-bit. */
    U8(1),
    /** Signed 8-bit. */
    I8(1),
    /** Signed 16-bit. */
    I16(2),
    /** Unsigned 16-bit. */
    U16(2),
    /** IEEE half. */
    F16(2),
    /** bfloat16: the high half of an IEEE float. */
    BF16(2),
    /** Signed 32-bit. */
    I32(4),
    /** Unsigned 32-bit (MLX packed quantized weights). */
    U32(4),
    /** IEEE float. */
    F32(4),
    /** IEEE double. */
    F64(8),
    /** Signed 64-bit. */
    I64(8),
    /** Unsigned 64-bit. */
    U64(8),
    /** FP8 E4M3. */
    F8_E4M3(1),
    /** FP8 E5M2. */
    F8_E5M2(1),
    /** FP8 E8M0 (scales). */
    F8_E8M0(1),
    /** FP8 E4M3 FNUZ. */
    F8_E4M3FNUZ(1),
    /** FP8 E5M2 FNUZ. */
    F8_E5M2FNUZ(1),
    /** Complex64. */
    C64(8);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** {@return bytes per element} */
    public int size() {
        return size;
    }

    /** {@return whether the engine computes with this type (F32, F16, BF16, U32)} */
    public boolean computable() {
        return this == F32 || this == F16 || this == BF16 || this == U32;
    }

    /**
     * Looks a safetensors dtype string up.
     *
     * @param name e.g. {@code "BF16"}
     * @return the type, or empty for an unknown (or sub-byte) name
     */
    public static Optional<DType> parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
