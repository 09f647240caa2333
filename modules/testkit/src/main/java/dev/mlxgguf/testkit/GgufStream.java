package dev.mlxgguf.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A GGUF v3 writer for files too large for {@link GgufWriter}: key/values and tensor infos are collected
 * first (the infos need only shapes and types), {@link #writeHeader} writes them with the alignment padding,
 * then the caller streams each tensor's data followed by {@link #pad}. Alignment 32. Not thread-safe.
 */
final class GgufStream {

    private record Info(String name, long[] ne, GgmlType type, long bytes) {
    }

    private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
    private final List<Info> tensors = new ArrayList<>();
    private int kvCount;

    void kvString(String key, String v) {
        key(key, 8);
        string(kv, v);
    }

    void kvU32(String key, long v) {
        key(key, 4);
        u32(kv, (int) v);
    }

    void kvF32(String key, float v) {
        key(key, 6);
        u32(kv, Float.floatToRawIntBits(v));
    }

    void kvStrings(String key, List<String> values) {
        key(key, 9);
        u32(kv, 8);
        u64(kv, values.size());
        values.forEach(s -> string(kv, s));
    }

    void kvInts(String key, int[] values) {
        key(key, 9);
        u32(kv, 5);
        u64(kv, values.length);
        for (int v : values) {
            u32(kv, v);
        }
    }

    void tensor(String name, long[] ne, GgmlType type) {
        long n = 1;
        for (long d : ne) {
            n *= d;
        }
        tensors.add(new Info(name, ne.clone(), type, type.byteSize(n)));
    }

    void writeHeader(OutputStream out) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        u32(h, 3);
        u64(h, tensors.size());
        u64(h, kvCount);
        h.writeBytes(kv.toByteArray());
        long offset = 0;
        for (Info t : tensors) {
            string(h, t.name());
            u32(h, t.ne().length);
            for (long d : t.ne()) {
                u64(h, d);
            }
            u32(h, t.type().id());
            u64(h, offset);
            offset += pad(t.bytes());
        }
        while (h.size() % 32 != 0) {
            h.write(0);
        }
        out.write(h.toByteArray());
    }

    void pad(OutputStream out, int tensor) throws IOException {
        long bytes = tensors.get(tensor).bytes();
        for (long i = bytes; i < pad(bytes); i++) {
            out.write(0);
        }
    }

    private static long pad(long n) {
        return (n + 31) / 32 * 32;
    }

    private void key(String key, int type) {
        kvCount++;
        string(kv, key);
        u32(kv, type);
    }

    private static void string(ByteArrayOutputStream o, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(o, b.length);
        o.writeBytes(b);
    }

    private static void u32(ByteArrayOutputStream o, int v) {
        o.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    }

    private static void u64(ByteArrayOutputStream o, long v) {
        o.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }
}
