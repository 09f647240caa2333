package dev.mlxgguf.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes GGUF version 3 files (little-endian): the magic, the counts, typed key/value pairs (scalars,
 * strings and arrays of scalars or strings), tensor infos, padding to the alignment, then the tensor data,
 * each tensor starting at a multiple of the alignment (default {@value #DEFAULT_ALIGNMENT}) from the start
 * of the data section. Keys and tensors are written in the order they were added. Keys and tensor names
 * must be unique. Not thread-safe; a writer can be written any number of times.
 */
public final class GgufWriter {

    /** The alignment llama.cpp assumes when {@code general.alignment} is absent. */
    public static final int DEFAULT_ALIGNMENT = 32;

    private static final int T_UINT8 = 0;
    private static final int T_INT8 = 1;
    private static final int T_UINT16 = 2;
    private static final int T_INT16 = 3;
    private static final int T_UINT32 = 4;
    private static final int T_INT32 = 5;
    private static final int T_FLOAT32 = 6;
    private static final int T_BOOL = 7;
    private static final int T_STRING = 8;
    private static final int T_ARRAY = 9;
    private static final int T_UINT64 = 10;
    private static final int T_INT64 = 11;
    private static final int T_FLOAT64 = 12;

    private record Kv(String key, int type, Consumer<Out> value) {
    }

    private record Tensor(String name, GgmlType type, long[] ne, byte[] data) {
    }

    private final List<Kv> kvs = new ArrayList<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private final Set<String> tensorNames = new HashSet<>();
    private int alignment = DEFAULT_ALIGNMENT;

    /** Creates an empty writer (no keys, no tensors, alignment {@value #DEFAULT_ALIGNMENT}). */
    public GgufWriter() {
    }

    /**
     * Sets the alignment and records it as {@code general.alignment}.
     *
     * @param value a power of two
     * @return this
     */
    public GgufWriter alignment(int value) {
        if (value < 1 || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two");
        }
        alignment = value;
        return putUInt32("general.alignment", value);
    }

    /** @param key key @param v value 0..255 @return this */
    public GgufWriter putUInt8(String key, int v) { return kv(key, T_UINT8, o -> o.u8(v)); }
    /** @param key key @param v value @return this */
    public GgufWriter putInt8(String key, byte v) { return kv(key, T_INT8, o -> o.u8(v)); }
    /** @param key key @param v value 0..65535 @return this */
    public GgufWriter putUInt16(String key, int v) { return kv(key, T_UINT16, o -> o.u16(v)); }
    /** @param key key @param v value @return this */
    public GgufWriter putInt16(String key, short v) { return kv(key, T_INT16, o -> o.u16(v)); }
    /** @param key key @param v value 0..2^32-1 @return this */
    public GgufWriter putUInt32(String key, long v) { return kv(key, T_UINT32, o -> o.u32((int) v)); }
    /** @param key key @param v value @return this */
    public GgufWriter putInt32(String key, int v) { return kv(key, T_INT32, o -> o.u32(v)); }
    /** @param key key @param v value (bits as unsigned) @return this */
    public GgufWriter putUInt64(String key, long v) { return kv(key, T_UINT64, o -> o.u64(v)); }
    /** @param key key @param v value @return this */
    public GgufWriter putInt64(String key, long v) { return kv(key, T_INT64, o -> o.u64(v)); }
    /** @param key key @param v value @return this */
    public GgufWriter putFloat32(String key, float v) { return kv(key, T_FLOAT32, o -> o.f32(v)); }
    /** @param key key @param v value @return this */
    public GgufWriter putFloat64(String key, double v) { return kv(key, T_FLOAT64, o -> o.u64(Double.doubleToRawLongBits(v))); }
    /** @param key key @param v value @return this */
    public GgufWriter putBool(String key, boolean v) { return kv(key, T_BOOL, o -> o.u8(v ? 1 : 0)); }
    /** @param key key @param v UTF-8 text @return this */
    public GgufWriter putString(String key, String v) { return kv(key, T_STRING, o -> o.string(v)); }

    /**
     * @param key    key
     * @param values strings
     * @return this
     */
    public GgufWriter putStringArray(String key, List<String> values) {
        List<String> copy = List.copyOf(values);
        return kv(key, T_ARRAY, o -> {
            o.u32(T_STRING);
            o.u64(copy.size());
            copy.forEach(o::string);
        });
    }

    /**
     * @param key    key
     * @param values int32 values
     * @return this
     */
    public GgufWriter putInt32Array(String key, int[] values) {
        int[] copy = values.clone();
        return kv(key, T_ARRAY, o -> {
            o.u32(T_INT32);
            o.u64(copy.length);
            for (int v : copy) {
                o.u32(v);
            }
        });
    }

    /**
     * @param key    key
     * @param values float32 values
     * @return this
     */
    public GgufWriter putFloat32Array(String key, float[] values) {
        float[] copy = values.clone();
        return kv(key, T_ARRAY, o -> {
            o.u32(T_FLOAT32);
            o.u64(copy.length);
            for (float v : copy) {
                o.f32(v);
            }
        });
    }

    /**
     * Adds a tensor from already-encoded bytes.
     *
     * @param name tensor name
     * @param type storage type
     * @param ne   ggml dimensions, fastest first (the reverse of a numpy/PyTorch shape); 1 to 4 of them
     * @param data the encoded data, exactly {@code type.byteSize(product(ne))} bytes
     * @return this
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] ne, byte[] data) {
        if (ne.length < 1 || ne.length > 4) {
            throw new IllegalArgumentException(name + ": 1 to 4 dimensions");
        }
        if (ne[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException(name + ": ne[0] must be a multiple of " + type.blockSize());
        }
        long n = 1;
        for (long d : ne) {
            n *= d;
        }
        if (type.byteSize(n) != data.length) {
            throw new IllegalArgumentException(name + ": expected " + type.byteSize(n) + " bytes, got " + data.length);
        }
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        tensors.add(new Tensor(name, type, ne.clone(), data.clone()));
        return this;
    }

    /**
     * Adds a tensor from float values, encoding them as {@code type}.
     *
     * @param name   tensor name
     * @param type   storage type
     * @param values row-major values (rows of {@code ne[0]} elements)
     * @param ne     ggml dimensions, fastest first
     * @return this
     */
    public GgufWriter addTensor(String name, GgmlType type, float[] values, long... ne) {
        return addTensor(name, type, ne, type.encode(values));
    }

    /** {@return the whole file as bytes} */
    public byte[] toBytes() {
        Out o = new Out();
        o.raw("GGUF".getBytes(StandardCharsets.US_ASCII));
        o.u32(3);
        o.u64(tensors.size());
        o.u64(kvs.size());
        for (Kv kv : kvs) {
            o.string(kv.key());
            o.u32(kv.type());
            kv.value().accept(o);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            o.string(t.name());
            o.u32(t.ne().length);
            for (long d : t.ne()) {
                o.u64(d);
            }
            o.u32(t.type().id());
            o.u64(offset);
            offset += pad(t.data().length);
        }
        o.zeros(pad(o.size()) - o.size());
        for (Tensor t : tensors) {
            o.raw(t.data());
            o.zeros(pad(t.data().length) - t.data().length);
        }
        return o.toByteArray();
    }

    /**
     * Writes the file, replacing any existing one.
     *
     * @param file where to write
     * @return {@code file}
     * @throws UncheckedIOException if writing fails
     */
    public Path write(Path file) {
        try {
            Files.write(file, toBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long pad(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private GgufWriter kv(String key, int type, Consumer<Out> value) {
        if (!keys.add(key)) {
            throw new IllegalArgumentException("duplicate key " + key);
        }
        kvs.add(new Kv(key, type, value));
        return this;
    }

    /** A little-endian byte sink. */
    private static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        void u8(int v) {
            bytes.write(v);
        }

        void u16(int v) {
            scratch.clear();
            bytes.write(scratch.putShort((short) v).array(), 0, 2);
        }

        void u32(int v) {
            scratch.clear();
            bytes.write(scratch.putInt(v).array(), 0, 4);
        }

        void u64(long v) {
            scratch.clear();
            bytes.write(scratch.putLong(v).array(), 0, 8);
        }

        void f32(float v) {
            u32(Float.floatToRawIntBits(v));
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            u64(b.length);
            bytes.writeBytes(b);
        }

        void raw(byte[] b) {
            bytes.writeBytes(b);
        }

        void zeros(long n) {
            bytes.writeBytes(new byte[(int) n]);
        }

        long size() {
            return bytes.size();
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    @Override
    public String toString() {
        return "GgufWriter[" + kvs.size() + " keys, " + tensors.size() + " tensors, alignment " + alignment
                + ", tensors " + Arrays.toString(tensors.stream().map(Tensor::name).toArray()) + "]";
    }
}
