package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.speech.TranscriptionRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits and places of the transcription endpoint.
 *
 * @param maxUploadBytes largest accepted audio file (413 above it, checked on {@code Content-Length} before
 *                       reading and by counting while reading)
 * @param maxDuration    longest accepted audio (400 above it), checked before or while decoding
 * @param timeout        longest a transcription may run once started; it is then cancelled (503)
 * @param uploadDir      private folder for upload files (created with owner-only access, emptied on start and stop)
 */
public record TranscriptionSettings(long maxUploadBytes, Duration maxDuration, Duration timeout, Path uploadDir) {

    /** OpenAI's (and the original's) upload limit: 25 MB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 25L * 1024 * 1024;
    /** System property: upload limit in MB. */
    public static final String MAX_UPLOAD_MB = "mlxgguf.whisper.max-upload-mb";
    /** System property: duration limit in seconds. */
    public static final String MAX_DURATION_S = "mlxgguf.whisper.max-duration-s";
    /** System property: transcription time limit in seconds. */
    public static final String TIMEOUT_S = "mlxgguf.whisper.timeout-s";
    /** System property: the upload folder. */
    public static final String UPLOAD_DIR = "mlxgguf.whisper.upload-dir";

    /** Checks the components: a null or out-of-range one throws. */
    public TranscriptionSettings {
        Objects.requireNonNull(maxDuration, "maxDuration");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(uploadDir, "uploadDir");
        if (maxUploadBytes < 1 || maxDuration.isNegative() || maxDuration.isZero() || timeout.isNegative()
                || timeout.isZero()) {
            throw new IllegalArgumentException("transcription limits must be positive");
        }
    }

    /**
     * The settings from system properties ({@value #MAX_UPLOAD_MB}, {@value #MAX_DURATION_S}, {@value #TIMEOUT_S},
     * {@value #UPLOAD_DIR}; pass them with {@code MLXGGUF_JAVA_OPTS}), defaulting to 25 MB, 30 minutes, 60 minutes and
     * {@code ${java.io.tmpdir}/mlxgguf-uploads-<pid>}.
     *
     * @return the settings
     * @throws IllegalArgumentException if a property is not a positive number
     */
    public static TranscriptionSettings fromSystemProperties() {
        long mb = positive(MAX_UPLOAD_MB, DEFAULT_MAX_UPLOAD_BYTES / (1024 * 1024));
        long duration = positive(MAX_DURATION_S, TranscriptionRequest.DEFAULT_MAX_DURATION.toSeconds());
        long timeout = positive(TIMEOUT_S, 3600);
        String dir = System.getProperty(UPLOAD_DIR);
        Path uploads = dir == null || dir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "mlxgguf-uploads-" + ProcessHandle.current().pid())
                : Path.of(dir);
        return new TranscriptionSettings(mb * 1024 * 1024, Duration.ofSeconds(duration), Duration.ofSeconds(timeout),
                uploads.toAbsolutePath());
    }

    private static long positive(String property, long fallback) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " must be a positive whole number: " + v);
    }
}
