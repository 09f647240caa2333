package dev.mlxgguf.testkit.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes a WAV file into the compressed formats that uploads arrive in, with the {@code ffmpeg} that the
 * setup scripts install (on the {@code PATH}). Fails loudly when ffmpeg is missing: tests never skip.
 */
public final class AudioEncoder {

    /** The compressed formats, with the ffmpeg options that make them. */
    public enum Format {
        /** MP3 (LAME), 64 kbit/s. */
        MP3("mp3", "-c:a", "libmp3lame", "-b:a", "64k"),
        /** AAC in an M4A (MP4) container, 64 kbit/s. */
        M4A("m4a", "-c:a", "aac", "-b:a", "64k"),
        /** Vorbis in Ogg. */
        OGG_VORBIS("ogg", "-c:a", "libvorbis", "-q:a", "4"),
        /** Opus in Ogg, 48 kbit/s. */
        OGG_OPUS("opus", "-c:a", "libopus", "-b:a", "48k"),
        /** FLAC (lossless). */
        FLAC("flac", "-c:a", "flac"),
        /** Opus in WebM, 48 kbit/s. */
        WEBM("webm", "-c:a", "libopus", "-b:a", "48k");

        private final String extension;
        private final List<String> options;

        Format(String extension, String... options) {
            this.extension = extension;
            this.options = List.of(options);
        }

        /** {@return the usual file extension} */
        public String extension() {
            return extension;
        }
    }

    private AudioEncoder() {
    }

    /**
     * Encodes a file.
     *
     * @param wav    input WAV
     * @param output output file; its format is {@code format}, whatever its name
     * @param format the format
     * @return {@code output}
     */
    public static Path encode(Path wav, Path output, Format format) {
        List<String> argv = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-i", wav.toString(), "-vn"));
        argv.addAll(format.options);
        argv.addAll(List.of("-f", switch (format) {
            case MP3 -> "mp3";
            case M4A -> "ipod";
            case OGG_VORBIS, OGG_OPUS -> "ogg";
            case FLAC -> "flac";
            case WEBM -> "webm";
        }, output.toString()));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg failed to make " + format + ": " + log);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("ffmpeg is required for the audio tests (jlink/setup.sh installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
