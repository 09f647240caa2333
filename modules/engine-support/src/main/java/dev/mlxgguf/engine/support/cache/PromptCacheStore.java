package dev.mlxgguf.engine.support.cache;

import dev.mlxgguf.kvstate.KvStateFile;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the stored state that shares the longest token prefix with a prompt. Headers are read once per
 * file (remembered by name, size and time); corrupt files are deleted. The server owns the folder's
 * index and eviction; this class only reads and writes. Used by one engine on its model thread.
 */
public final class PromptCacheStore {

    private static final System.Logger LOG = System.getLogger(PromptCacheStore.class.getName());

    private final Map<String, Known> headers = new HashMap<>();

    private record Known(long size, FileTime modified, KvStateFile.Header header) {
    }

    /**
     * A usable stored state.
     *
     * @param file   the file
     * @param header its header
     * @param common tokens it shares with the prompt (from the start)
     */
    public record Match(Path file, KvStateFile.Header header, int common) {
    }

    /**
     * The best stored state for a prompt.
     *
     * @param dir       the cache folder
     * @param modelKey  model identity
     * @param tokens    the prompt's tokens
     * @param atLeast   fewest shared tokens worth loading a file for
     * @return the state sharing the longest prefix, if any shares at least {@code atLeast}
     */
    public Optional<Match> best(Path dir, String modelKey, int[] tokens, int atLeast) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String prefix = KvStateFile.keyPrefix(modelKey) + "-";
        Match best = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + "*" + KvStateFile.SUFFIX)) {
            for (Path f : files) {
                Optional<KvStateFile.Header> h = header(f);
                if (h.isEmpty() || !h.get().modelKey().equals(modelKey)) {
                    continue;
                }
                int common = commonPrefix(h.get().tokens(), tokens);
                if (common >= atLeast && (best == null || common > best.common())) {
                    best = new Match(f, h.get(), common);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the prompt cache: " + e.getMessage());
        }
        return Optional.ofNullable(best);
    }

    /**
     * Length of the common prefix of two token sequences.
     *
     * @param a first
     * @param b second
     * @return shared leading tokens
     */
    public static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = java.util.Arrays.mismatch(a, 0, n, b, 0, n);
        return i < 0 ? n : i;
    }

    private Optional<KvStateFile.Header> header(Path f) {
        try {
            long size = Files.size(f);
            FileTime modified = Files.getLastModifiedTime(f);
            Known k = headers.get(f.getFileName().toString());
            if (k != null && k.size() == size && k.modified().equals(modified)) {
                return Optional.of(k.header());
            }
            KvStateFile.Header h = KvStateFile.readHeader(f);
            headers.put(f.getFileName().toString(), new Known(size, modified, h));
            return Optional.of(h);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "removing unreadable prompt-cache file " + f.getFileName() + ": " + e.getMessage());
            headers.remove(f.getFileName().toString());
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // the server's index cleans it up later
            }
            return Optional.empty();
        }
    }
}
