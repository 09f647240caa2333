package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.ModelLoadException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the whisper.cpp libraries: the {@code whisper} subfolder of the native root, which is the system property
 * {@value #PROPERTY} (default {@code ${java.home}/lib/native}, where the runtime image carries it). Files are
 * named by soname ({@code libwhisper.so.1}, {@code libggml.so.0}; on macOS {@code libwhisper.1.dylib}), so
 * they are found by pattern; ggml's helper libraries with a dash ({@code libggml-base}, {@code libggml-cpu})
 * never match. Stateless.
 */
final class WhisperLibraryLocator {

    /** System property naming the native root folder. */
    static final String PROPERTY = "mlxgguf.native.dir";

    static final Pattern WHISPER = Pattern.compile("libwhisper(\\.\\d+)*\\.(so(\\.\\d+)*|dylib)");
    static final Pattern GGML = Pattern.compile("libggml(\\.\\d+)*\\.(so(\\.\\d+)*|dylib)");

    private WhisperLibraryLocator() {
    }

    /** {@return the folder holding libwhisper, its ggml and ggml's backends} */
    static Path directory() {
        String root = System.getProperty(PROPERTY);
        Path base = root == null || root.isBlank()
                ? Path.of(System.getProperty("java.home"), "lib", "native")
                : Path.of(root);
        return base.resolve("whisper").toAbsolutePath().normalize();
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
            throw new ModelLoadException("the whisper.cpp native folder is missing or unreadable (run native/install.sh)", e);
        }
        if (matches.isEmpty()) {
            throw new ModelLoadException(what + " was not found in the whisper.cpp native folder (run native/install.sh)");
        }
        return matches.getLast().toAbsolutePath();
    }
}
