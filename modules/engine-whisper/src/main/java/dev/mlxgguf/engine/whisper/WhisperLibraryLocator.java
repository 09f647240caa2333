package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.engine.support.NativeLibraryFolder;

import java.util.regex.Pattern;

/**
 * Finds the whisper.cpp libraries: the {@code whisper} subfolder of the native root, which is the system property
 * {@value NativeLibraryFolder#PROPERTY} (default {@code ${java.home}/lib/native}, where the runtime image carries it). Files are
 * named by soname ({@code libwhisper.so.1}, {@code libggml.so.0}; on macOS {@code libwhisper.1.dylib}), so
 * they are found by pattern; ggml's helper libraries with a dash ({@code libggml-base}, {@code libggml-cpu})
 * never match. Stateless.
 */
final class WhisperLibraryLocator {

    static final Pattern WHISPER = Pattern.compile("libwhisper(\\.\\d+)*\\.(so(\\.\\d+)*|dylib)");
    static final Pattern GGML = Pattern.compile("libggml(\\.\\d+)*\\.(so(\\.\\d+)*|dylib)");

    private WhisperLibraryLocator() {
    }

    /** {@return the folder holding the libraries} */
    static NativeLibraryFolder folder() {
        return NativeLibraryFolder.of("whisper", "whisper.cpp");
    }
}
