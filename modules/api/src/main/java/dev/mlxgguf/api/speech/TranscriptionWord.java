package dev.mlxgguf.api.speech;

import java.util.Objects;

/**
 * One word with its time span (OpenAI's {@code words[]} entries).
 *
 * @param word  the word, without surrounding spaces
 * @param start start time in seconds
 * @param end   end time in seconds, {@code >= start}
 */
public record TranscriptionWord(String word, double start, double end) {

    /** Checks the components: a null or out-of-range one throws. */
    public TranscriptionWord {
        Objects.requireNonNull(word, "word");
        if (!(start >= 0 && end >= start)) {
            throw new IllegalArgumentException("word times must satisfy 0 <= start <= end");
        }
    }
}
