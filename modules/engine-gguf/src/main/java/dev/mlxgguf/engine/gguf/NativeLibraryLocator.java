package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.spi.NativeLibraryFolder;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Finds the llama.cpp libraries. The native root is the system property {@value #PROPERTY} (default
 * {@code ${java.home}/lib/native}); llama.cpp lives in its {@code llama} subfolder. Library file names carry
 * versions and backends ({@code libllama.v0.5.0.so}, {@code libllama.metal.v0.4.0.dylib}), so they are found
 * by pattern; helper libraries with a dash ({@code libggml-base.so}, {@code libllama-common.so}) never match.
 * Stateless.
 */
final class NativeLibraryLocator {

    /** System property naming the native root folder. */
    static final String PROPERTY = NativeLibraryFolder.PROPERTY;

    static final Pattern LLAMA = Pattern.compile("libllama(\\.[^-/]+)?\\.(so|dylib)");
    static final Pattern GGML = Pattern.compile("libggml(\\.[^-/]+)?\\.(so|dylib)");

    private NativeLibraryLocator() {
    }

    /** {@return the folder holding the libraries} */
    static Path llamaDirectory() {
        return NativeLibraryFolder.of("llama", "llama.cpp").dir();
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
        return new NativeLibraryFolder("llama.cpp", dir).find(pattern, what);
    }
}
