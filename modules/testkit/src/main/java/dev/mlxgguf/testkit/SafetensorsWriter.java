package dev.mlxgguf.testkit;

import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes safetensors files: an 8-byte little-endian header length, the JSON header
 * ({@code {"name": {"dtype", "shape", "data_offsets"}}} plus {@code __metadata__}), then the tensors back to
 * back in the order added. {@link Layout#MLX} writes like MLX (no header padding, so data may start at any
 * byte offset); {@link Layout#ALIGNED} pads the header with spaces to a multiple of 8 like the Rust library.
 * Not thread-safe.
 */
public final class SafetensorsWriter {

    /** Header padding style. */
    public enum Layout {
        /** No padding: tensors may be unaligned (MLX's writer). */
        MLX,
        /** Header padded with spaces to a multiple of 8 (the Rust writer). */
        ALIGNED
    }

    /** Element types the writer encodes from floats. */
    public enum FloatType {
        /** IEEE float. */
        F32("F32", 4),
        /** bfloat16, rounded to nearest even. */
        BF16("BF16", 2),
        /** IEEE half. */
        F16("F16", 2);

        private final String name;
        private final int size;

        FloatType(String name, int size) {
            this.name = name;
            this.size = size;
        }

        /** {@return the safetensors dtype string} */
        public String dtype() {
            return name;
        }

        /**
         * @param values floats
         * @return the little-endian encoding
         */
        public byte[] encode(float[] values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                switch (this) {
                    case F32 -> b.putFloat(v);
                    case BF16 -> b.putShort(Bf16.bits(v));
                    case F16 -> b.putShort(Float.floatToFloat16(v));
                }
            }
            return b.array();
        }
    }

    private record Entry(String name, String dtype, long[] shape, byte[] data) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Layout layout = Layout.MLX;

    /** Creates an empty writer with {@code {"format": "mlx"}} metadata and the MLX layout. */
    public SafetensorsWriter() {
        metadata.put("format", "mlx");
    }

    /** @param value the layout @return this */
    public SafetensorsWriter layout(Layout value) {
        layout = value;
        return this;
    }

    /**
     * Adds a float tensor.
     *
     * @param name   tensor name
     * @param type   storage type
     * @param values row-major values
     * @param shape  dimensions, slowest first
     * @return this
     */
    public SafetensorsWriter add(String name, FloatType type, float[] values, long... shape) {
        return addRaw(name, type.dtype(), type.encode(values), shape);
    }

    /**
     * Adds a tensor from encoded bytes (e.g. U32 packed quantized weights).
     *
     * @param name  tensor name
     * @param dtype safetensors dtype string
     * @param data  little-endian bytes
     * @param shape dimensions
     * @return this
     */
    public SafetensorsWriter addRaw(String name, String dtype, byte[] data, long... shape) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        entries.add(new Entry(name, dtype, shape.clone(), data.clone()));
        return this;
    }

    /** {@return the tensor names added so far, in order} */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    /** {@return the total data bytes} */
    public long dataBytes() {
        return entries.stream().mapToLong(e -> e.data().length).sum();
    }

    /** {@return the header JSON text (before padding)} */
    public String headerJson() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Entry e : entries) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", e.dtype());
            List<Long> shape = new ArrayList<>();
            for (long d : e.shape()) {
                shape.add(d);
            }
            t.put("shape", shape);
            t.put("data_offsets", List.of(offset, offset + e.data().length));
            offset += e.data().length;
            header.put(e.name(), t);
        }
        return Jsonp.write(JsonTrees.toJson(header));
    }

    /**
     * Writes the file.
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path write(Path file) {
        byte[] header = headerJson().getBytes(StandardCharsets.UTF_8);
        int pad = layout == Layout.ALIGNED ? (8 - header.length % 8) % 8 : 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length + pad);
            out.write(len.array());
            out.write(header);
            for (int i = 0; i < pad; i++) {
                out.write(' ');
            }
            for (Entry e : entries) {
                out.write(e.data());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
