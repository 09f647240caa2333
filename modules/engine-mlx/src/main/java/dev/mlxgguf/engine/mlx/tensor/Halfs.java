package dev.mlxgguf.engine.mlx.tensor;

import dev.mlxgguf.engine.mlx.safetensors.DType;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Reads 16- and 32-bit floats from little-endian memory at any byte offset. Stateless; thread-safe. */
final class Halfs {

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Halfs() {
    }

    /**
     * @param bits bfloat16 bits
     * @return the float
     */
    static float bf16(short bits) {
        return Float.intBitsToFloat(bits << 16);
    }

    /**
     * Reads element {@code index} of a float tensor of type F32, F16 or BF16.
     *
     * @param seg   the data
     * @param type  its type
     * @param index element index
     * @return the value
     */
    static float read(MemorySegment seg, DType type, long index) {
        return switch (type) {
            case F32 -> seg.get(FLOAT, index * 4);
            case BF16 -> bf16(seg.get(SHORT, index * 2));
            case F16 -> Float.float16ToFloat(seg.get(SHORT, index * 2));
            default -> throw new IllegalArgumentException("not a float type: " + type);
        };
    }

    /**
     * Reads a whole float tensor to the heap.
     *
     * @param seg  the data
     * @param type F32, F16 or BF16
     * @param n    element count
     * @return the values
     */
    static float[] readAll(MemorySegment seg, DType type, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = read(seg, type, i);
        }
        return out;
    }
}
