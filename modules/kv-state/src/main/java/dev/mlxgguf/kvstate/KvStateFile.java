package dev.mlxgguf.kvstate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One saved prompt state: {@code <key-hash>-<uuid>.kv} holding a header (magic {@code MGKV}, version,
 * the model key, the tokens the state covers, payload length and CRC32C) and the engine's state bytes.
 * Files are written to a temporary name and renamed, so a crash never leaves a half file under a real
 * name; every read checks the header against the file size and the payload against its checksum.
 *
 * <p>Stateless and thread-safe.
 */
public final class KvStateFile {

    /** File name suffix of complete state files. */
    public static final String SUFFIX = ".kv";
    private static final int MAGIC = 0x4D474B56; // "MGKV"
    private static final int VERSION = 1;
    private static final int MAX_KEY = 4096;
    private static final int MAX_TOKENS = 1 << 24;

    private KvStateFile() {
    }

    /**
     * A state file's header.
     *
     * @param id          the state's id (the uuid in its name)
     * @param modelKey    model identity
     * @param tokens      the tokens whose state the payload holds (do not modify)
     * @param payloadSize payload bytes
     * @param payloadCrc  CRC32C of the payload
     * @param payloadAt   file offset of the payload
     */
    public record Header(String id, String modelKey, int[] tokens, long payloadSize, int payloadCrc, long payloadAt) {
    }

    /**
     * The file name prefix of a model key's states.
     *
     * @param modelKey the key
     * @return 16 hex digits of its SHA-256
     */
    public static String keyPrefix(String modelKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(modelKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a state atomically.
     *
     * @param dir      the cache folder (created if missing)
     * @param modelKey model identity
     * @param tokens   tokens the state covers
     * @param payload  the engine's state, from position to limit
     * @return the header of the written file
     * @throws IOException if writing fails (no file is left under a real name)
     */
    public static Header write(Path dir, String modelKey, int[] tokens, ByteBuffer payload) throws IOException {
        Files.createDirectories(dir);
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve(".tmp-" + id);
        Path target = dir.resolve(keyPrefix(modelKey) + "-" + id + SUFFIX);
        byte[] key = modelKey.getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(payload.duplicate());
        ByteBuffer head = ByteBuffer.allocate(4 * 3 + key.length + 4 + 4 * tokens.length + 8 + 4).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(MAGIC).putInt(VERSION).putInt(key.length).put(key).putInt(tokens.length);
        for (int t : tokens) {
            head.putInt(t);
        }
        head.putLong(payload.remaining()).putInt((int) crc.getValue()).flip();
        long payloadAt = head.remaining();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (head.hasRemaining()) {
                ch.write(head);
            }
            ByteBuffer p = payload.duplicate();
            while (p.hasRemaining()) {
                ch.write(p);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Header(id, modelKey, tokens.clone(), payload.remaining(), (int) crc.getValue(), payloadAt);
    }

    /**
     * Reads and checks a header, including that the file's name matches its model key.
     *
     * @param file a state file
     * @return its header
     * @throws IOException if the file is not a complete, well-formed state file
     */
    public static Header readHeader(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX) || name.length() < 17 + 36 + SUFFIX.length()) {
            throw new IOException("not a state file name: " + name);
        }
        Header h = readHeader(file, name.substring(17, name.length() - SUFFIX.length()));
        if (!name.startsWith(keyPrefix(h.modelKey()) + "-")) {
            throw new IOException("file name does not match its model key");
        }
        return h;
    }

    /**
     * Reads and checks a header of a file that is not (yet) under its state name, e.g. an upload.
     *
     * @param file the file
     * @param id   the id to report
     * @return its header
     * @throws IOException if the file is not a complete, well-formed state file
     */
    public static Header readHeader(Path file, String id) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer fixed = read(ch, 0, 12);
            if (fixed.getInt() != MAGIC || fixed.getInt() != VERSION) {
                throw new IOException("not a state file (bad magic or version)");
            }
            int keyLength = fixed.getInt();
            if (keyLength < 0 || keyLength > MAX_KEY) {
                throw new IOException("bad key length");
            }
            ByteBuffer keyAndCount = read(ch, 12, keyLength + 4);
            byte[] key = new byte[keyLength];
            keyAndCount.get(key);
            int n = keyAndCount.getInt();
            if (n < 0 || n > MAX_TOKENS || 16L + keyLength + 4L * n + 12 > size) {
                throw new IOException("bad token count");
            }
            ByteBuffer rest = read(ch, 16L + keyLength, 4 * n + 12);
            int[] tokens = new int[n];
            for (int i = 0; i < n; i++) {
                tokens[i] = rest.getInt();
            }
            long payloadSize = rest.getLong();
            int crc = rest.getInt();
            long payloadAt = 16L + keyLength + 4L * n + 12;
            if (payloadSize < 0 || payloadAt + payloadSize != size) {
                throw new IOException("payload size does not match the file (truncated?)");
            }
            return new Header(id, new String(key, StandardCharsets.UTF_8), tokens, payloadSize, crc, payloadAt);
        }
    }

    /**
     * Reads a state's payload into {@code dst} and checks its checksum.
     *
     * @param file   the state file
     * @param header its header
     * @param dst    a buffer with at least {@code header.payloadSize()} bytes remaining
     * @throws IOException if reading fails or the payload is corrupt
     */
    public static void readPayload(Path file, Header header, ByteBuffer dst) throws IOException {
        if (dst.remaining() < header.payloadSize()) {
            throw new IllegalArgumentException("buffer too small");
        }
        ByteBuffer target = dst.duplicate();
        target.limit(target.position() + (int) header.payloadSize());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = header.payloadAt();
            while (target.hasRemaining()) {
                int n = ch.read(target, at);
                if (n < 0) {
                    throw new IOException("truncated payload");
                }
                at += n;
            }
        }
        CRC32C crc = new CRC32C();
        ByteBuffer check = dst.duplicate();
        check.limit(check.position() + (int) header.payloadSize());
        crc.update(check);
        if ((int) crc.getValue() != header.payloadCrc()) {
            throw new IOException("payload checksum mismatch");
        }
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new IOException("truncated header");
            }
        }
        return b.flip();
    }
}
