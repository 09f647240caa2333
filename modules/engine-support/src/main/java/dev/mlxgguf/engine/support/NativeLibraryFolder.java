package dev.mlxgguf.engine.support;

import dev.mlxgguf.api.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a native engine's libraries live: a subfolder ({@code llama}, {@code whisper}) of the native root,
 * which is the system property {@value #PROPERTY} (default {@code ${java.home}/lib/native}, where the runtime
 * image carries them). Library names carry versions and sonames, so they are found by pattern. Pure JDK:
 * engines open what it finds with their own binding.
 *
 * @param name client-safe name of the library set, for messages (e.g. {@code llama.cpp})
 * @param dir  the folder
 */
public record NativeLibraryFolder(String name, Path dir) {

    /** System property naming the native root folder. */
    public static final String PROPERTY = "mlxgguf.native.dir";

    /**
     * The folder of one library set.
     *
     * @param subfolder subfolder of the native root
     * @param name      client-safe name of the library set
     * @return the folder (it may not exist)
     */
    public static NativeLibraryFolder of(String subfolder, String name) {
        String root = System.getProperty(PROPERTY);
        Path base = root == null || root.isBlank() ? Path.of(System.getProperty("java.home"), "lib", "native") : Path.of(root);
        return new NativeLibraryFolder(name, base.resolve(subfolder).toAbsolutePath().normalize());
    }

    /**
     * Finds the one library whose file name matches.
     *
     * @param pattern the file name pattern
     * @param what    a client-safe name of the library, for messages
     * @return its absolute path; if several match, the last in name order
     * @throws ModelLoadException if none matches (the message never names the folder)
     */
    public Path find(Pattern pattern, String what) {
        List<Path> matches;
        try (Stream<Path> files = Files.list(dir)) {
            matches = files.filter(p -> pattern.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException("the " + name + " native folder is missing or unreadable (run native/install.sh)", e);
        }
        if (matches.isEmpty()) {
            throw new ModelLoadException(what + " was not found in the " + name + " native folder (run native/install.sh)");
        }
        return matches.getLast().toAbsolutePath();
    }
}
