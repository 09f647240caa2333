package dev.mlxgguf.server.cache;

import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.NotFoundException;
import dev.mlxgguf.kvstate.KvStateFile;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The one index of the shared prompt-cache folder, owned by the server: which state files exist, their
 * sizes, and their least-recently-used order. Hosts write and read files; they report what they saved
 * or loaded, and the index evicts the least recently used files when the folder passes its cap. At start
 * it removes half-written temporary files and files whose header does not check out.
 *
 * <p>Thread-safe.
 */
public final class KvCacheIndex {

    private static final System.Logger LOG = System.getLogger(KvCacheIndex.class.getName());
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path dir;
    private final long maxBytes;
    /** id → entry, in least-recently-used order (access order). */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    /**
     * A state file in the index.
     *
     * @param id    its id
     * @param file  its path
     * @param bytes its size
     */
    public record Entry(String id, Path file, long bytes) {
    }

    /**
     * Opens the index over a folder and cleans it.
     *
     * @param dir      the cache folder (created if missing)
     * @param maxBytes the cap; 0 keeps nothing on disk
     */
    public KvCacheIndex(Path dir, long maxBytes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        scan();
    }

    /** {@return the folder} */
    public Path dir() {
        return dir;
    }

    private synchronized void scan() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot create the prompt cache folder: " + e.getMessage());
            return;
        }
        List<Entry> found = new ArrayList<>();
        Map<String, FileTime> times = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(".tmp-")) {
                    Files.deleteIfExists(f); // a write that never finished (crash): never loaded, removed
                    continue;
                }
                if (!name.endsWith(KvStateFile.SUFFIX)) {
                    continue;
                }
                try {
                    KvStateFile.Header h = KvStateFile.readHeader(f);
                    found.add(new Entry(h.id(), f, Files.size(f)));
                    times.put(h.id(), Files.getLastModifiedTime(f));
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "removing unreadable prompt-cache file " + name + ": " + e.getMessage());
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot scan the prompt cache folder: " + e.getMessage());
        }
        found.sort(Comparator.comparing(e -> times.get(e.id())));
        for (Entry e : found) {
            entries.put(e.id(), e);
            totalBytes += e.bytes();
        }
        evict();
        LOG.log(Level.INFO, String.format("prompt cache: %d state(s), %.1f MiB in %s", entries.size(), totalBytes / 1048576.0,
                dir.getFileName()));
    }

    /**
     * Takes note of what a generation did: a saved state joins the index (and may evict older ones), a
     * loaded one becomes the most recently used.
     *
     * @param report the generation's cache report
     */
    public synchronized void record(CacheReport report) {
        if (!report.loadedId().isEmpty()) {
            Entry e = entries.get(report.loadedId());
            if (e != null) {
                touch(e.file());
            }
        }
        if (!report.savedId().isEmpty() && !entries.containsKey(report.savedId())) {
            find(report.savedId()).ifPresent(f -> {
                long size = size(f);
                entries.put(report.savedId(), new Entry(report.savedId(), f, size));
                totalBytes += size;
            });
            evict();
        }
    }

    /** {@return total bytes of indexed states} */
    public synchronized long totalBytes() {
        return totalBytes;
    }

    /** {@return the indexed states, least recently used first} */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * Streams a state file out.
     *
     * @param id  the state id
     * @param out where to write it
     * @throws IOException         if reading fails
     * @throws NotFoundException   if no such state exists
     */
    public void export(String id, OutputStream out) throws IOException {
        Path file;
        synchronized (this) {
            checkId(id);
            Entry e = entries.get(id);
            if (e == null) {
                throw new NotFoundException("prompt-cache state '" + id + "' not found");
            }
            file = e.file();
        }
        Files.copy(file, out);
    }

    /** Writes an uploaded file's bytes. */
    @FunctionalInterface
    public interface Upload {
        /**
         * Writes the bytes.
         *
         * @param out where to write
         * @return bytes written, or -1 when the upload exceeded its limit
         * @throws IOException if reading or writing fails
         */
        long writeTo(OutputStream out) throws IOException;
    }

    /**
     * Imports a state file for a model under a new id.
     *
     * @param upload   the file's bytes
     * @param modelKey the key it must belong to
     * @return the new id
     * @throws IOException             if writing fails
     * @throws InvalidRequestException if the bytes are not a state file of that model, or too large
     */
    public String importState(Upload upload, String modelKey) throws IOException {
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve(".tmp-import-" + id);
        try {
            long n;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                n = upload.writeTo(out);
            }
            if (n < 0) {
                throw new InvalidRequestException("the state file is larger than the prompt cache allows", "file");
            }
            KvStateFile.Header h;
            try {
                h = KvStateFile.readHeader(tmp, id);
            } catch (IOException e) {
                throw new InvalidRequestException("not a prompt-cache state file: " + e.getMessage(), "file");
            }
            if (!h.modelKey().equals(modelKey)) {
                throw new InvalidRequestException("the state belongs to another model (or another adapter) than this slot's",
                        "file");
            }
            Path target = dir.resolve(KvStateFile.keyPrefix(modelKey) + "-" + id + KvStateFile.SUFFIX);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            synchronized (this) {
                entries.put(id, new Entry(id, target, n));
                totalBytes += n;
                evict();
            }
            return id;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void evict() {
        var it = entries.values().iterator();
        while (totalBytes > maxBytes && it.hasNext()) {
            Entry e = it.next();
            it.remove();
            totalBytes -= e.bytes();
            try {
                Files.deleteIfExists(e.file());
            } catch (IOException ex) {
                LOG.log(Level.WARNING, "cannot delete prompt-cache file " + e.file().getFileName() + ": " + ex.getMessage());
            }
        }
    }

    private Optional<Path> find(String id) {
        checkId(id);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*-" + id + KvStateFile.SUFFIX)) {
            for (Path f : files) {
                return Optional.of(f);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot look up prompt-cache file: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw new InvalidRequestException("a prompt-cache id is a UUID", "id");
        }
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void touch(Path f) {
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // best effort: the in-memory order is what evicts
        }
    }
}
