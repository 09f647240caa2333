package dev.mlxgguf.api;

import java.util.Objects;

/**
 * A piece of generated text pushed to a sink.
 *
 * @param text   complete UTF-16 text (never half of a multi-byte character); never contains stop strings
 * @param tokens how many generated tokens this piece completes (0 when it only releases held-back text)
 */
public record TokenChunk(String text, int tokens) {

    /** Checks the components: a null or out-of-range one throws. */
    public TokenChunk {
        Objects.requireNonNull(text, "text");
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens < 0");
        }
    }
}
