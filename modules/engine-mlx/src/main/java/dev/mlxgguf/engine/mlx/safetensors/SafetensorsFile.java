package dev.mlxgguf.engine.mlx.safetensors;

import dev.mlxgguf.api.ModelLoadException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One safetensors file, memory-mapped read-only (any size: files larger than 2 GB and than the heap are
 * fine, the OS pages them in). The header is read and fully validated ({@link SafetensorsHeader}) before
 * the file is mapped, so a damaged file fails with a {@link ModelLoadException} and never with a crash.
 *
 * <p>Ownership: the mapping lives in a shared {@link Arena} owned by this object; every {@link Tensor}
 * segment handed out becomes invalid on {@link #close()} (idempotent). Thread-safe for reading.
 */
public final class SafetensorsFile implements AutoCloseable {

    private final String fileName;
    private final SafetensorsHeader header;
    private final Arena arena;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    private SafetensorsFile(String fileName, SafetensorsHeader header, Arena arena, MemorySegment data) {
        this.fileName = fileName;
        this.header = header;
        this.arena = arena;
        for (TensorInfo t : header.tensors()) {
            tensors.put(t.name(), new Tensor(t, data.asSlice(t.begin(), t.byteSize()).asReadOnly()));
        }
    }

    /**
     * Opens, validates and maps a file.
     *
     * @param file a {@code .safetensors} file
     * @return the open file, owned by the caller
     * @throws ModelLoadException if the file cannot be read or is not a valid safetensors file
     */
    public static SafetensorsFile open(Path file) {
        String name = String.valueOf(file.getFileName());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw SafetensorsHeader.fail(name, "the file is too short (" + size + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLength = lenBuf.getLong(0);
            if (headerLength < 2 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES || headerLength > size - 8) {
                throw SafetensorsHeader.fail(name, "invalid header length " + Long.toUnsignedString(headerLength)
                        + " for a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8);
            long dataStart = 8 + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(headerBuf.array(), size - dataStart, name);
            Arena arena = Arena.ofShared();
            try {
                MemorySegment whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
                return new SafetensorsFile(name, header, arena, whole.asSlice(dataStart));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new ModelLoadException(name + ": cannot read the file (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    /** {@return the file name (no folder)} */
    public String fileName() {
        return fileName;
    }

    /** {@return the validated header} */
    public SafetensorsHeader header() {
        return header;
    }

    /** {@return the tensors by name, in offset order} */
    public Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /**
     * @param name a tensor name
     * @return the tensor, if present
     */
    public Optional<Tensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
