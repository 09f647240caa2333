package dev.mlxgguf.engine.gguf;

import com.sun.jna.Pointer;
import dev.mlxgguf.engine.gguf.jna.GgmlLogCallback;
import dev.mlxgguf.engine.spi.NativeLogLines;

/**
 * Routes llama.cpp and ggml log output to a {@link System.Logger} (never to stdout, which carries the host
 * protocol), through {@link NativeLogLines}.
 *
 * <p>Threading: called by native code on any thread. It never throws into native code. Whoever installs it
 * must keep a strong reference for as long as native code may call it.
 */
final class LlamaLogBridge implements GgmlLogCallback {

    private final NativeLogLines lines;

    LlamaLogBridge(System.Logger logger) {
        this.lines = new NativeLogLines(logger);
    }

    @Override
    public void invoke(int level, Pointer text, Pointer userData) {
        try {
            lines.accept(level, CStrings.read(text));
        } catch (RuntimeException | Error e) {
            // never into native code
        }
    }
}
