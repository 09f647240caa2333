package dev.mlxgguf.engine.mlx.safetensors;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file. Applies the reference library's rules
 * ({@code safetensors/src/tensor.rs}): the header is UTF-8 JSON starting with <code>{</code>; each entry has a
 * known dtype, a shape of non-negative sizes and {@code data_offsets [begin, end]}; sorted by begin, the
 * offsets start at 0 and follow on with no gap or overlap; {@code end - begin} equals the element count
 * times the dtype size (overflow-checked); the last end is exactly the data length. The optional
 * {@code __metadata__} maps strings to strings. Duplicate keys are refused by the JSON parser.
 *
 * @param tensors  the entries, sorted by offset
 * @param metadata the {@code __metadata__} map (empty if absent)
 */
public record SafetensorsHeader(List<TensorInfo> tensors, Map<String, String> metadata) {

    /** Largest header accepted, as in MLX and the Rust library. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** Copies. */
    public SafetensorsHeader {
        tensors = List.copyOf(tensors);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Parses and validates a header.
     *
     * @param header     the header bytes (after the 8-byte length)
     * @param dataLength bytes of the file after the header
     * @param fileName   the file name, for messages
     * @return the header
     * @throws ModelLoadException naming the file and the first problem found
     */
    public static SafetensorsHeader parse(byte[] header, long dataLength, String fileName) {
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw fail(fileName, "the header is not valid UTF-8");
        }
        if (!json.startsWith("{")) {
            throw fail(fileName, "the header is not a JSON object");
        }
        Metadata root;
        try {
            root = Metadata.parse(json);
        } catch (MetadataException e) {
            throw fail(fileName, "the header is not valid JSON: " + e.getMessage());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        List<TensorInfo> tensors = new ArrayList<>();
        for (Map.Entry<String, Object> e : root.asMap().entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                readMetadata(e.getValue(), metadata, fileName);
            } else {
                tensors.add(entry(e.getKey(), e.getValue(), fileName));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expected = 0;
        for (TensorInfo t : tensors) {
            if (t.begin() != expected) {
                throw fail(fileName, "tensor " + t.name() + " starts at " + t.begin() + " but the previous one ends at "
                        + expected + " (offsets must be contiguous and must not overlap)");
            }
            expected = t.end();
        }
        if (expected != dataLength) {
            throw fail(fileName, "the tensors cover " + expected + " bytes but the data section has " + dataLength
                    + " bytes");
        }
        return new SafetensorsHeader(tensors, metadata);
    }

    private static void readMetadata(Object value, Map<String, String> out, String fileName) {
        if (!(value instanceof Metadata m)) {
            throw fail(fileName, "__metadata__ must be an object");
        }
        for (Map.Entry<String, Object> e : m.asMap().entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw fail(fileName, "__metadata__ values must be strings");
            }
            out.put(e.getKey(), s);
        }
    }

    private static TensorInfo entry(String name, Object value, String fileName) {
        if (!(value instanceof Metadata o)) {
            throw fail(fileName, "entry " + name + " is not an object");
        }
        try {
            String dtypeName = o.requireString("dtype");
            DType dtype = DType.parse(dtypeName)
                    .orElseThrow(() -> fail(fileName, "tensor " + name + " has an unsupported dtype " + dtypeName));
            List<Long> shape = new ArrayList<>();
            long bytes = dtype.size();
            for (Object d : o.requireArray("shape")) {
                if (!(d instanceof Long dim) || dim < 0) {
                    throw fail(fileName, "tensor " + name + " has an invalid shape");
                }
                shape.add(dim);
                bytes = Math.multiplyExact(bytes, dim);
            }
            List<Object> offsets = o.requireArray("data_offsets");
            if (offsets.size() != 2 || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                    || begin < 0 || end < begin) {
                throw fail(fileName, "tensor " + name + " has invalid data_offsets " + offsets);
            }
            if (end - begin != bytes) {
                throw fail(fileName, "tensor " + name + " has " + (end - begin) + " bytes but its shape " + shape
                        + " and dtype " + dtype + " need " + bytes);
            }
            return new TensorInfo(name, dtype, shape, begin, end);
        } catch (MetadataException e) {
            throw fail(fileName, "tensor " + name + ": " + e.getMessage());
        } catch (ArithmeticException e) {
            throw fail(fileName, "tensor " + name + ": the size of its shape overflows");
        }
    }

    static ModelLoadException fail(String fileName, String what) {
        return new ModelLoadException(fileName + ": " + what);
    }
}
