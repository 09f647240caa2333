package dev.mlxgguf.engine.gguf;

import com.sun.jna.Pointer;
import dev.mlxgguf.engine.gguf.jna.GgmlLogCallback;

import java.lang.System.Logger.Level;

/**
 * Routes llama.cpp and ggml log output to a {@link System.Logger} (never to stdout, which carries the host
 * protocol). Native code logs in pieces: a message may arrive as several calls, continuation pieces carry
 * level 5 ({@code GGML_LOG_LEVEL_CONT}); lines are assembled and logged when a newline arrives.
 *
 * <p>Threading: called by native code on any thread; calls are serialised. It never throws into native
 * code. Whoever installs it must keep a strong reference for as long as native code may call it.
 */
final class LlamaLogBridge implements GgmlLogCallback {

    private static final int GGML_LOG_LEVEL_CONT = 5;

    private final System.Logger logger;
    private final StringBuilder pending = new StringBuilder();
    private Level pendingLevel = Level.DEBUG;

    LlamaLogBridge(System.Logger logger) {
        this.logger = logger;
    }

    @Override
    public synchronized void invoke(int level, Pointer text, Pointer userData) {
        try {
            String s = CStrings.read(text);
            if (level != GGML_LOG_LEVEL_CONT) {
                flush();
                pendingLevel = map(level);
            }
            if (s != null) {
                pending.append(s);
            }
            if (pending.indexOf("\n") >= 0) {
                flush();
            }
        } catch (RuntimeException | Error e) {
            pending.setLength(0);
        }
    }

    /**
     * Maps a ggml log level. llama.cpp's INFO output (about a hundred lines per model load) goes to
     * DEBUG so the server log stays readable; warnings and errors keep their level.
     *
     * @param ggmlLevel 1 debug, 2 info, 3 warn, 4 error
     * @return the logger level
     */
    static Level map(int ggmlLevel) {
        return switch (ggmlLevel) {
            case 3 -> Level.WARNING;
            case 4 -> Level.ERROR;
            default -> Level.DEBUG;
        };
    }

    private void flush() {
        int end = pending.length();
        while (end > 0 && (pending.charAt(end - 1) == '\n' || pending.charAt(end - 1) == '\r')) {
            end--;
        }
        if (end > 0 && logger.isLoggable(pendingLevel)) {
            logger.log(pendingLevel, pending.substring(0, end));
        }
        pending.setLength(0);
    }
}
