package dev.mlxgguf.api.speech;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a transcription produced.
 *
 * @param language     the spoken language as whisper's short code ({@code en}), given or detected
 * @param languageName the language's English name in lower case ({@code english}), as OpenAI reports it
 * @param duration     length of the audio in seconds
 * @param segments     the segments in time order
 * @param words        the words in time order; empty unless word timestamps were asked for
 */
public record TranscriptionResult(String language, String languageName, double duration,
                                  List<TranscriptionSegment> segments, List<TranscriptionWord> words) {

    /** Validates and copies. */
    public TranscriptionResult {
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(languageName, "languageName");
        segments = List.copyOf(segments);
        words = List.copyOf(words);
        if (!(duration >= 0)) {
            throw new IllegalArgumentException("duration must be >= 0");
        }
    }

    /** {@return the whole text: the segments' texts joined, without leading or trailing white space} */
    public String text() {
        return segments.stream().map(TranscriptionSegment::text).collect(Collectors.joining()).strip();
    }
}
