package dev.mlxgguf.engine.mlx.safetensors;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A tensor's header entry and its bytes: a read-only slice of a memory-mapped file, valid until the owning
 * {@link SafetensorsFile} is closed. The data may start at any byte offset: read it with unaligned
 * little-endian layouts.
 *
 * @param info the header entry
 * @param data exactly {@code info.byteSize()} bytes
 */
public record Tensor(TensorInfo info, MemorySegment data) {

    /** Checks the components: a null or out-of-range one throws. */
    public Tensor {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(data, "data");
        if (data.byteSize() != info.byteSize()) {
            throw new IllegalArgumentException(info.name() + ": segment size " + data.byteSize());
        }
    }

    /** {@return the name} */
    public String name() {
        return info.name();
    }

    /** {@return the element type} */
    public DType dtype() {
        return info.dtype();
    }

    /** {@return a description like {@code name BF16[896, 4864]}} */
    public String describe() {
        return info.name() + " " + info.dtype() + info.shape();
    }
}
