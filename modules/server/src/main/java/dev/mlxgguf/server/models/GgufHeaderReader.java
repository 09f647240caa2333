package dev.mlxgguf.server.models;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the key/value section of a GGUF header (never the tensors), with every declared size checked
 * against hard caps so that a crafted file cannot make the server allocate or loop without bound.
 * Values of interest are kept; arrays are skipped. Thread-safe (stateless).
 */
final class GgufHeaderReader {

    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final long MAX_KV = 1 << 20;
    private static final long MAX_STRING = 1 << 20;
    private static final long MAX_ARRAY = 1L << 28;

    private GgufHeaderReader() {
    }

    /**
     * Reads the header.
     *
     * @param file a GGUF file
     * @return the header, {@link ModelHeader#UNKNOWN} if the file is not a readable GGUF
     */
    static ModelHeader read(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (Integer.reverseBytes(in.readInt()) != MAGIC) {
                return ModelHeader.UNKNOWN;
            }
            int version = Integer.reverseBytes(in.readInt());
            if (version < 2 || version > 3) {
                return ModelHeader.UNKNOWN;
            }
            u64(in); // tensors
            long kv = u64(in);
            if (kv < 0 || kv > MAX_KV) {
                return ModelHeader.UNKNOWN;
            }
            Map<String, Object> values = new HashMap<>();
            for (long i = 0; i < kv; i++) {
                String key = string(in);
                Object v = value(in, Integer.reverseBytes(in.readInt()));
                if (v != null) {
                    values.put(key, v);
                }
            }
            return header(values);
        } catch (IOException | IllegalArgumentException e) {
            return ModelHeader.UNKNOWN;
        }
    }

    private static ModelHeader header(Map<String, Object> v) {
        String arch = v.get("general.architecture") instanceof String s ? s : "";
        int heads = num(v, arch + ".attention.head_count");
        int embedding = num(v, arch + ".embedding_length");
        int keyLength = num(v, arch + ".attention.key_length");
        int kvHeads = num(v, arch + ".attention.head_count_kv");
        int headDim = keyLength > 0 ? keyLength : heads > 0 ? embedding / heads : 0;
        return new ModelHeader(arch, num(v, arch + ".context_length"), num(v, arch + ".block_count"),
                kvHeads > 0 ? kvHeads : heads, headDim);
    }

    private static int num(Map<String, Object> v, String key) {
        return v.get(key) instanceof Long l && l >= 0 && l <= Integer.MAX_VALUE ? l.intValue() : 0;
    }

    /** Reads one value; scalars are returned, strings too, arrays are skipped (null). */
    private static Object value(DataInputStream in, int type) throws IOException {
        return switch (type) {
            case 0, 1 -> (long) in.readByte();
            case 2, 3 -> (long) Short.reverseBytes(in.readShort());
            case 4 -> Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
            case 5 -> (long) Integer.reverseBytes(in.readInt());
            case 6 -> { in.readInt(); yield null; }
            case 7 -> { in.readByte(); yield null; }
            case 8 -> string(in);
            case 9 -> { skipArray(in); yield null; }
            case 10, 11 -> u64(in);
            case 12 -> { in.readLong(); yield null; }
            default -> throw new IllegalArgumentException("bad GGUF value type " + type);
        };
    }

    private static void skipArray(DataInputStream in) throws IOException {
        int type = Integer.reverseBytes(in.readInt());
        long n = u64(in);
        if (n < 0 || n > MAX_ARRAY) {
            throw new IllegalArgumentException("bad GGUF array length");
        }
        int size = switch (type) {
            case 0, 1, 7 -> 1;
            case 2, 3 -> 2;
            case 4, 5, 6 -> 4;
            case 10, 11, 12 -> 8;
            case 8 -> -1;
            default -> throw new IllegalArgumentException("bad GGUF array type " + type);
        };
        if (size > 0) {
            skip(in, n * size);
        } else {
            for (long i = 0; i < n; i++) {
                skip(in, length(in));
            }
        }
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] bytes = in.readNBytes((int) length(in));
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static long length(DataInputStream in) throws IOException {
        long n = u64(in);
        if (n < 0 || n > MAX_STRING) {
            throw new IllegalArgumentException("bad GGUF string length");
        }
        return n;
    }

    private static long u64(DataInputStream in) throws IOException {
        return Long.reverseBytes(in.readLong());
    }

    private static void skip(DataInputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException();
                }
                s = 1;
            }
            left -= s;
        }
    }
}
