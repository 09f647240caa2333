package dev.mlxgguf.engine.mlx.safetensors;

import java.util.List;
import java.util.Objects;

/**
 * One tensor entry of a safetensors header, already validated.
 *
 * @param name  tensor name
 * @param dtype element type
 * @param shape dimensions, slowest first (empty for a scalar)
 * @param begin first byte, relative to the data section
 * @param end   end byte (exclusive), relative to the data section
 */
public record TensorInfo(String name, DType dtype, List<Long> shape, long begin, long end) {

    /** Validates and copies. */
    public TensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
    }

    /** {@return the number of dimensions} */
    public int rank() {
        return shape.size();
    }

    /**
     * @param i a dimension index; negative counts from the end
     * @return its size
     */
    public long dim(int i) {
        return shape.get(i < 0 ? shape.size() + i : i);
    }

    /** {@return the number of elements} */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** {@return the number of bytes} */
    public long byteSize() {
        return end - begin;
    }
}
