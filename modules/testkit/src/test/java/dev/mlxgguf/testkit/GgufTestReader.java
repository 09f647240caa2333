package dev.mlxgguf.testkit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal GGUF v3 reader for tests: key/values as boxed Java values, tensor infos and raw data. */
final class GgufTestReader {

    record TensorInfo(String name, long[] ne, int type, long offset) {
        long elements() {
            return Arrays.stream(ne).reduce(1, (a, b) -> a * b);
        }
    }

    final int version;
    final Map<String, Object> kv = new LinkedHashMap<>();
    final Map<String, Integer> kvTypes = new LinkedHashMap<>();
    final Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    final long dataStart;
    private final ByteBuffer buf;

    GgufTestReader(Path file) throws IOException {
        buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        buf.get(magic);
        if (!"GGUF".equals(new String(magic, StandardCharsets.US_ASCII))) {
            throw new IOException("bad magic");
        }
        version = buf.getInt();
        long nTensors = buf.getLong();
        long nKv = buf.getLong();
        for (long i = 0; i < nKv; i++) {
            String key = string();
            int type = buf.getInt();
            kvTypes.put(key, type);
            kv.put(key, value(type));
        }
        for (long i = 0; i < nTensors; i++) {
            String name = string();
            int nDims = buf.getInt();
            long[] ne = new long[nDims];
            for (int d = 0; d < nDims; d++) {
                ne[d] = buf.getLong();
            }
            int type = buf.getInt();
            long offset = buf.getLong();
            tensors.put(name, new TensorInfo(name, ne, type, offset));
        }
        int alignment = kv.containsKey("general.alignment") ? ((Number) kv.get("general.alignment")).intValue() : 32;
        dataStart = (buf.position() + alignment - 1) / alignment * alignment;
    }

    byte[] data(String name, GgmlType type) {
        TensorInfo t = tensors.get(name);
        byte[] out = new byte[(int) type.byteSize(t.elements())];
        buf.get((int) (dataStart + t.offset()), out);
        return out;
    }

    float[] floats(String name) {
        TensorInfo t = tensors.get(name);
        GgmlType type = Arrays.stream(GgmlType.values()).filter(g -> g.id() == t.type()).findFirst().orElseThrow();
        return type.decode(data(name, type), (int) t.elements());
    }

    long size() {
        return buf.capacity();
    }

    private String string() {
        byte[] b = new byte[(int) buf.getLong()];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private Object value(int type) {
        return switch (type) {
            case 0 -> buf.get() & 0xFF;
            case 1 -> buf.get();
            case 2 -> buf.getShort() & 0xFFFF;
            case 3 -> buf.getShort();
            case 4 -> buf.getInt() & 0xFFFFFFFFL;
            case 5 -> buf.getInt();
            case 6 -> buf.getFloat();
            case 7 -> buf.get() != 0;
            case 8 -> string();
            case 9 -> {
                int elementType = buf.getInt();
                long n = buf.getLong();
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    list.add(value(elementType));
                }
                yield list;
            }
            case 10, 11 -> buf.getLong();
            case 12 -> buf.getDouble();
            default -> throw new IllegalStateException("type " + type);
        };
    }
}
