package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the llama.cpp libraries. The native root is the system property {@value #PROPERTY} (default
 * {@code ${java.home}/lib/native}); llama.cpp lives in its {@code llama} subfolder. Library file names carry
 * versions and backends ({@code libllama.v0.5.0.so}, {@code libllama.metal.v0.4.0.dylib}), so they are found
 * by pattern; helper libraries with a dash ({@code libggml-base.so}, {@code libllama-common.so}) never match.
 * Stateless.
 */
final class NativeLibraryLocator {

    /** System property naming the native root folder. */
    static final String PROPERTY = "mlxgguf.native.dir";

    static final Pattern LLAMA = Pattern.compile("libllama(\\.[^-/]+)?\\.(so|dylib)");
    static final Pattern GGML = Pattern.compile("libggml(\\.[^-/]+)?\\.(so|dylib)");

    private NativeLibraryLocator() {
    }

    /** {@return the folder holding the llama.cpp and ggml libraries} */
    static Path llamaDirectory() {
        String root = System.getProperty(PROPERTY);
        Path base = root == null || root.isBlank()
                ? Path.of(System.getProperty("java.home"), "lib", "native")
                : Path.of(root);
        return base.resolve("llama").toAbsolutePath().normalize();
    }

    /**
     * Finds the one library in {@code dir} whose name matches.
     *
     * @param dir     the folder
     * @param pattern the file name pattern
     * @param what    a client-safe name for messages
     * @return the absolute path; if several match, the last in name order
     * @throws ModelLoadException if none matches (the message never names the folder)
     */
    static Path find(Path dir, Pattern pattern, String what) {
        List<Path> matches;
        try (Stream<Path> files = Files.list(dir)) {
            matches = files.filter(p -> pattern.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ModelLoadException("the llama.cpp native folder is missing or unreadable", e);
        }
        if (matches.isEmpty()) {
            throw new ModelLoadException(what + " was not found in the llama.cpp native folder");
        }
        return matches.getLast().toAbsolutePath();
    }
}
