package dev.mlxgguf.engine.support;

import java.lang.System.Logger.Level;

/**
 * Turns ggml-style log callbacks into log lines. Native code logs in pieces: a message may arrive as
 * several calls, continuation pieces carry level 5 ({@code GGML_LOG_LEVEL_CONT}); a line is logged when a
 * newline arrives. ggml's info output (dozens of lines per model load) goes to DEBUG; warnings and errors
 * keep their level. Engines wrap it in their JNA callback; it never throws.
 *
 * <p>Thread-safe: calls are serialised.
 */
public final class NativeLogLines {

    private static final int GGML_LOG_LEVEL_CONT = 5;

    private final System.Logger logger;
    private final StringBuilder pending = new StringBuilder();
    private Level pendingLevel = Level.DEBUG;

    /**
     * Creates an assembler.
     *
     * @param logger where lines go
     */
    public NativeLogLines(System.Logger logger) {
        this.logger = logger;
    }

    /**
     * Takes one piece of native log output.
     *
     * @param ggmlLevel the piece's level (1 debug, 2 info, 3 warn, 4 error, 5 continuation)
     * @param text      the piece, may be null
     */
    public synchronized void accept(int ggmlLevel, String text) {
        try {
            if (ggmlLevel != GGML_LOG_LEVEL_CONT) {
                flush();
                pendingLevel = map(ggmlLevel);
            }
            if (text != null) {
                pending.append(text);
            }
            if (pending.indexOf("\n") >= 0) {
                flush();
            }
        } catch (RuntimeException | Error e) {
            pending.setLength(0);
        }
    }

    /**
     * Maps a ggml log level.
     *
     * @param ggmlLevel 1 debug, 2 info, 3 warn, 4 error
     * @return the logger level
     */
    public static Level map(int ggmlLevel) {
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
