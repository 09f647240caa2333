package dev.mlxgguf.server.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entries of a folder the server's owner fills ({@code models/}, {@code adapters/}). Links in it are the
 * owner's, so they are followed wherever they point (a big disk, a Hugging Face cache whose snapshot folders
 * are links into {@code blobs/}); clients only ever pick a name from this listing. Hidden entries (a leading
 * dot or dash) and dangling links are skipped, and every skipped entry is logged once with the reason.
 *
 * <p>Thread-safe; every call rescans the folder.
 */
final class FolderListing {

    private static final System.Logger LOG = System.getLogger(FolderListing.class.getName());

    private final Path root;
    private final String what;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * An entry and where it really is.
     *
     * @param name the entry's name (what clients use)
     * @param real its real path, links resolved
     */
    record Entry(String name, Path real) {
    }

    /**
     * @param root the folder
     * @param what what it holds, for log lines ("models", "adapters")
     */
    FolderListing(Path root, String what) {
        this.root = root;
        this.what = what;
    }

    /**
     * {@return the visible entries, links resolved}
     *
     * @throws UncheckedIOException if the folder cannot be listed
     */
    List<Entry> entries() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("-")) {
                    skipped(name, "its name starts with '.' or '-'");
                    continue;
                }
                try {
                    out.add(new Entry(name, p.toRealPath()));
                } catch (IOException e) {
                    skipped(name, "it is a link to nothing (" + e.getClass().getSimpleName() + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the " + what + " folder", e);
        }
        return out;
    }

    /**
     * Logs, once per entry and reason, that an entry is not served.
     *
     * @param name   the entry
     * @param reason why
     */
    void skipped(String name, String reason) {
        if (logged.add(name + "\u0000" + reason)) {
            LOG.log(Level.INFO, "not listing " + name + " in the " + what + " folder: " + reason);
        }
    }
}
