package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.engine.support.NativeLibraryFolder;

import java.util.regex.Pattern;

/**
 * Finds the llama.cpp libraries. The native root is the system property {@value NativeLibraryFolder#PROPERTY} (default
 * {@code ${java.home}/lib/native}); llama.cpp lives in its {@code llama} subfolder. Library file names carry
 * versions and backends ({@code libllama.v0.5.0.so}, {@code libllama.metal.v0.4.0.dylib}), so they are found
 * by pattern; helper libraries with a dash ({@code libggml-base.so}, {@code libllama-common.so}) never match.
 * Stateless.
 */
final class NativeLibraryLocator {

    static final Pattern LLAMA = Pattern.compile("libllama(\\.[^-/]+)?\\.(so|dylib)");
    static final Pattern GGML = Pattern.compile("libggml(\\.[^-/]+)?\\.(so|dylib)");

    private NativeLibraryLocator() {
    }

    /** {@return the folder holding the libraries} */
    static NativeLibraryFolder folder() {
        return NativeLibraryFolder.of("llama", "llama.cpp");
    }
}
