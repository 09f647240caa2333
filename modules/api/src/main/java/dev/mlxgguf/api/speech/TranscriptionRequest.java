package dev.mlxgguf.api.speech;

import dev.mlxgguf.api.InvalidRequestException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One transcription to run.
 *
 * @param id                   request id (unique per server), used for cancellation and logs
 * @param audio                the audio
 * @param language             spoken language as an ISO-639-1 code ({@code en}; whisper also knows a few
 *                             three-letter codes such as {@code haw}); empty = detect it
 * @param prompt               text that conditions the decoder (spelling, style); empty = none
 * @param temperature          sampling temperature of the first decoding pass, 0..1 (0 = greedy)
 * @param temperatureIncrement step by which whisper raises the temperature when a window decodes badly
 *                             (OpenAI's fallback); 0 disables the fallback, so a run is a single pass
 * @param wordTimestamps       whether to compute per-word timestamps
 * @param maxDuration          longest audio accepted; longer audio is refused before or while decoding
 * @param threads              compute threads the engine may use; 0 = the engine's own choice
 */
public record TranscriptionRequest(String id, AudioInput audio, Optional<String> language, String prompt,
                                   double temperature, double temperatureIncrement, boolean wordTimestamps,
                                   Duration maxDuration, int threads) {

    /** whisper's (and OpenAI's) default fallback step. */
    public static final double DEFAULT_TEMPERATURE_INCREMENT = 0.2;
    /** Default {@link #maxDuration}: 30 minutes. */
    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(30);
    /** Longest accepted prompt, in characters (whisper keeps at most 224 tokens of it anyway). */
    public static final int MAX_PROMPT_CHARS = 4096;

    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    /** Validates; client-facing fields fail with {@link InvalidRequestException} naming the field. */
    public TranscriptionRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(maxDuration, "maxDuration");
        if (language.isPresent() && !LANGUAGE.matcher(language.get()).matches()) {
            throw new InvalidRequestException("language must be an ISO-639-1 code such as \"en\"", "language");
        }
        if (prompt.length() > MAX_PROMPT_CHARS) {
            throw new InvalidRequestException("prompt is longer than " + MAX_PROMPT_CHARS + " characters", "prompt");
        }
        if (!(temperature >= 0 && temperature <= 1)) {
            throw new InvalidRequestException("temperature must be between 0 and 1", "temperature");
        }
        if (!(temperatureIncrement >= 0 && temperatureIncrement <= 1)) {
            throw new InvalidRequestException("temperature_increment must be between 0 and 1", "temperature_increment");
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads < 0");
        }
    }

    /**
     * A request with the defaults: detect the language, no prompt, temperature 0 with the standard
     * fallback, segment timestamps only, a 30-minute cap, the engine's thread count.
     *
     * @param id    request id
     * @param audio the audio
     * @return the request
     */
    public static TranscriptionRequest of(String id, AudioInput audio) {
        return new TranscriptionRequest(id, audio, Optional.empty(), "", 0, DEFAULT_TEMPERATURE_INCREMENT, false,
                DEFAULT_MAX_DURATION, 0);
    }

    /** {@return the longest accepted audio in 16 kHz samples} */
    public long maxSamples() {
        return maxDuration.toMillis() * 16;
    }
}
