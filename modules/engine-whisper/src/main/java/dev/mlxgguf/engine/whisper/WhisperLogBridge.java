package dev.mlxgguf.engine.whisper;

import com.sun.jna.Pointer;
import dev.mlxgguf.engine.whisper.jna.GgmlLogCallback;

import java.lang.System.Logger.Level;

/**
 * Routes whisper.cpp and ggml log output to a {@link System.Logger} (never to stdout, which carries the host
 * protocol). Messages may arrive in pieces; level 5 ({@code GGML_LOG_LEVEL_CONT}) continues the previous one.
 * Lines are logged when a newline arrives. whisper's info lines (model hyper-parameters, timings) go to DEBUG.
 *
 * <p>Threading: called by native code on any thread; calls are serialised. It never throws into native code.
 * Whoever installs it keeps a strong reference for as long as native code may call it.
 */
final class WhisperLogBridge implements GgmlLogCallback {

    private static final int GGML_LOG_LEVEL_CONT = 5;

    private final System.Logger logger;
    private final StringBuilder pending = new StringBuilder();
    private Level pendingLevel = Level.DEBUG;

    WhisperLogBridge(System.Logger logger) {
        this.logger = logger;
    }

    @Override
    public synchronized void invoke(int level, Pointer text, Pointer userData) {
        try {
            if (level != GGML_LOG_LEVEL_CONT) {
                flush();
                pendingLevel = switch (level) {
                    case 3 -> Level.WARNING;
                    case 4 -> Level.ERROR;
                    default -> Level.DEBUG;
                };
            }
            pending.append(NativeStrings.read(text));
            if (pending.indexOf("\n") >= 0) {
                flush();
            }
        } catch (RuntimeException | Error e) {
            pending.setLength(0);
        }
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
