package dev.mlxgguf.api.speech;

import java.util.List;
import java.util.Objects;

/**
 * One segment of a transcription, with the fields of OpenAI's {@code verbose_json} segments.
 *
 * @param id               position in the transcription, from 0
 * @param seek             start of the segment in 10 ms mel frames (whisper.cpp does not report its decoding
 *                         windows, so this is the segment's own start frame)
 * @param start            start time in seconds, within the audio
 * @param end              end time in seconds, {@code start <= end <= duration}
 * @param text             the text, as the model wrote it (usually with a leading space)
 * @param tokens           the segment's text token ids (no special or timestamp tokens)
 * @param temperature      temperature of the decoding pass that produced it
 * @param avgLogprob       mean log probability of its text tokens (0 when it has none)
 * @param compressionRatio UTF-8 length of the text divided by its zlib-compressed length
 * @param noSpeechProb     probability that the window holds no speech
 */
public record TranscriptionSegment(int id, int seek, double start, double end, String text, List<Integer> tokens,
                                   double temperature, double avgLogprob, double compressionRatio,
                                   double noSpeechProb) {

    /** Validates and copies. */
    public TranscriptionSegment {
        Objects.requireNonNull(text, "text");
        tokens = List.copyOf(tokens);
        if (id < 0 || seek < 0) {
            throw new IllegalArgumentException("id and seek must be >= 0");
        }
        if (!(start >= 0 && end >= start) || Double.isInfinite(end)) {
            throw new IllegalArgumentException("segment times must satisfy 0 <= start <= end < infinity");
        }
        if (!Double.isFinite(temperature) || !Double.isFinite(avgLogprob) || !Double.isFinite(compressionRatio)
                || !Double.isFinite(noSpeechProb)) {
            throw new IllegalArgumentException("segment statistics must be finite");
        }
    }
}
