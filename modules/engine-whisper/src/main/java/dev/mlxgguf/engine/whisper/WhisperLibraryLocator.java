package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.spi.NativeLibraryFolder;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Finds the whisper.cpp libraries: the {@code whisper} subfolder of the native root, which is the system property
 * {@value #PROPERTY} (default {@code ${java.home}/lib/native}, where the runtime image carries it). Files are
 * named by soname ({@code libwhisper.so.1}, {@code libggml.so.0}; on macOS {@code libwhisper.1.dylib}), so
 * they are found by pattern; ggml's helper libraries with a dash ({@code libggml-base}, {@code libggml-cpu})
 * never match. Stateless.
 */
final class WhisperLibraryLocator {

    /** System property naming the native root folder. */
    static final String PROPERTY = NativeLibraryFolder.PROPERTY;

    static final Pattern WHISPER = Pattern.compile("libwhisper(\\.\\d+)*\\.(so(\\.\\d+)*|dylib)");
    static final Pattern GGML = Pattern.compile("libggml(\\.\\d+)*\\.(so(\\.\\d+)*|dylib)");

    private WhisperLibraryLocator() {
    }

    /** {@return the folder holding the libraries} */
    static Path directory() {
        return NativeLibraryFolder.of("whisper", "whisper.cpp").dir();
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
        return new NativeLibraryFolder("whisper.cpp", dir).find(pattern, what);
    }
}
