package dev.mlxgguf.ggml;

import dev.mlxgguf.engine.support.NativeLogLines;

import com.sun.jna.Pointer;

/**
 * Routes ggml-family log output (llama.cpp, whisper.cpp) to a {@link System.Logger}, never to stdout (which
 * carries the host protocol), through {@link NativeLogLines}.
 *
 * <p>Threading: called by native code on any thread. It never throws into native code. Whoever installs it
 * must keep a strong reference for as long as native code may call it.
 */
public final class GgmlLogBridge implements GgmlLogCallback {

    private final NativeLogLines lines;

    /**
     * @param logger where lines go
     */
    public GgmlLogBridge(System.Logger logger) {
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
