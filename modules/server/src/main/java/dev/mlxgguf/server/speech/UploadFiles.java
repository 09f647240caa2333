package dev.mlxgguf.server.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The private folder where uploads wait for the whisper host. Every upload gets a server-made name
 * ({@code upload-<uuid>.audio}): the client's file name never reaches the file system or a command line, and
 * two uploads can never collide. A folder created here is owner-only on POSIX systems. Files left from a crashed run are
 * removed when the folder is opened; {@link #close()} removes everything. Thread-safe.
 */
public final class UploadFiles implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UploadFiles.class.getName());
    private static final String PREFIX = "upload-";
    private static final String SUFFIX = ".audio";

    private final Path dir;

    private UploadFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens (and creates) the folder, removing stale upload files.
     *
     * @param dir the folder
     * @return the folder
     * @throws UncheckedIOException if it cannot be created
     */
    public static UploadFiles open(Path dir) {
        try {
            // A folder that exists already (e.g. one configured by the operator) keeps its permissions.
            if (!Files.isDirectory(dir)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(dir.getParent());
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload folder " + dir, e);
        }
        UploadFiles files = new UploadFiles(dir);
        files.removeAll();
        return files;
    }

    /** {@return the folder} */
    public Path dir() {
        return dir;
    }

    /**
     * Creates an empty upload file with a fresh server-made name.
     *
     * @return its path; the caller deletes it with {@link #delete}
     * @throws IOException if it cannot be created
     */
    public Path create() throws IOException {
        return Files.createFile(dir.resolve(PREFIX + UUID.randomUUID() + SUFFIX));
    }

    /**
     * Deletes an upload file; never throws.
     *
     * @param file the file, or null
     */
    public void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete upload " + file.getFileName() + ": " + e);
        }
    }

    private void removeAll() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().startsWith(PREFIX)).forEach(this::delete);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list the upload folder: " + e);
        }
    }

    /** Removes every upload file and, if then empty, the folder. */
    @Override
    public void close() {
        removeAll();
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (someone else's files) or already gone: leave it
        }
    }
}
