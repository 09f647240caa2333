package dev.mlxgguf.engine.whisper.audio;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.AudioContainer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Decodes compressed audio with an {@code ffmpeg} subprocess into mono 16 kHz float samples, with the defences
 * that uploads need (reliability notes U1, U2, U5, A2–A4):
 * <ul>
 *   <li>an argument array, never a shell; the input is the server's own file name, passed as {@code file:PATH};</li>
 *   <li>the demuxer is forced from the sniffed container ({@code -f}), so a playlist or {@code concat} script
 *       named {@code .wav} is never interpreted, and {@code -protocol_whitelist file} forbids network and other
 *       protocols; {@code -nostdin} so it never waits on a terminal; an empty environment;</li>
 *   <li>output stops at the duration cap ({@code -t}) and the decoded bytes are counted while reading: more
 *       than the cap is refused, whatever the container claimed about its rate or length;</li>
 *   <li>a wall-clock limit, after which ffmpeg is killed.</li>
 * </ul>
 * The executable is the system property {@value #PROPERTY} or {@code ffmpeg} on the {@code PATH}.
 */
final class FfmpegDecoder {

    /** System property naming the ffmpeg executable. */
    static final String PROPERTY = "mlxgguf.ffmpeg";

    private static final System.Logger LOG = System.getLogger(FfmpegDecoder.class.getName());
    private static final int STDERR_KEEP = 2048;

    private FfmpegDecoder() {
    }

    /**
     * The command line for one decode. Package-private so tests can check it never contains client input.
     *
     * @param ffmpeg    the executable
     * @param input     the file (a server-made name)
     * @param container the sniffed container
     * @param maxSamples the duration cap in 16 kHz samples
     * @return the argv
     */
    static List<String> argv(Path ffmpeg, Path input, AudioContainer container, long maxSamples) {
        String demuxer = switch (container) {
            case WAV -> "wav";
            case MP3 -> "mp3";
            case AAC -> "aac";
            case MP4 -> "mov";
            case OGG -> "ogg";
            case FLAC -> "flac";
            case MATROSKA -> "matroska";
        };
        // One sample more than the cap, so that audio longer than the cap is seen as such.
        String limit = String.format(java.util.Locale.ROOT, "%.4f", (maxSamples + 1) / 16000.0);
        return List.of(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-protocol_whitelist", "file", "-f", demuxer, "-i", "file:" + input.toAbsolutePath(),
                // rematrix_maxval 1 makes the down-mix an average (ffmpeg's default sums stereo at -3 dB each).
                "-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", "16000", "-rematrix_maxval", "1.0", "-t", limit,
                "-c:a", "pcm_f32le", "-f", "f32le", "pipe:1");
    }

    /**
     * Decodes a file.
     *
     * @param input      the file
     * @param container  its sniffed container
     * @param maxSamples longest accepted audio in 16 kHz samples
     * @param keepGoing  asked between reads; false kills ffmpeg and cancels
     * @return the samples
     * @throws InvalidRequestException   if ffmpeg is missing, cannot decode the file, or the audio is too long
     * @throws RequestCancelledException if {@code keepGoing} said stop
     * @throws IOException               if the process cannot be run
     */
    static float[] decode(Path input, AudioContainer container, long maxSamples, BooleanSupplier keepGoing)
            throws IOException {
        Path ffmpeg = executable().orElseThrow(() -> new InvalidRequestException(
                "this server cannot decode " + container + " audio: ffmpeg is not installed (PCM WAV works)", "file"));
        ProcessBuilder pb = new ProcessBuilder(argv(ffmpeg, input, container, maxSamples))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        Process p = pb.start();
        StringBuilder stderr = new StringBuilder();
        Thread.ofPlatform().daemon().name("ffmpeg-stderr").start(() -> drain(p.getErrorStream(), stderr));
        AtomicBoolean timedOut = new AtomicBoolean();
        Duration limit = timeLimit(maxSamples);
        Thread.ofPlatform().daemon().name("ffmpeg-watchdog").start(() -> {
            try {
                if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        try (InputStream out = p.getInputStream()) {
            float[] samples = read(out, maxSamples, keepGoing, p);
            int rc = p.waitFor();
            if (timedOut.get()) {
                throw new InvalidRequestException("decoding the audio took longer than " + limit.toSeconds() + " s", "file");
            }
            if (rc != 0 || samples.length == 0) {
                synchronized (stderr) {
                    LOG.log(Level.WARNING, "ffmpeg exit " + rc + " for a " + container + " upload: " + stderr.toString().strip());
                }
                throw new InvalidRequestException(samples.length == 0 && rc == 0 ? "the file holds no audio"
                        : "the file could not be decoded as " + container + " audio", "file");
            }
            return samples;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestCancelledException("decoding was interrupted");
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@return how long one decode may take: 60 s, plus 10 % of the duration cap beyond 10 minutes} */
    static Duration timeLimit(long maxSamples) {
        long capSeconds = maxSamples / 16000;
        return Duration.ofSeconds(60 + Math.max(0, capSeconds - 600) / 10);
    }

    private static float[] read(InputStream out, long maxSamples, BooleanSupplier keepGoing, Process p) throws IOException {
        long maxBytes = maxSamples * Float.BYTES;
        float[] samples = new float[16000 * 4];
        int count = 0;
        byte[] buf = new byte[1 << 16];
        int carry = 0;
        int n;
        while ((n = out.read(buf, carry, buf.length - carry)) > 0) {
            if (!keepGoing.getAsBoolean()) {
                p.destroyForcibly();
                throw new RequestCancelledException("transcription cancelled while decoding");
            }
            int have = carry + n;
            int whole = have - have % Float.BYTES;
            if ((long) (count + whole / Float.BYTES) * Float.BYTES > maxBytes) {
                p.destroyForcibly();
                throw new InvalidRequestException("the audio is longer than the limit of " + maxSamples / 16000 + " s", "file");
            }
            if (count + whole / Float.BYTES > samples.length) {
                samples = Arrays.copyOf(samples, (int) Math.min(maxSamples, Math.max(samples.length * 3L / 2,
                        count + whole / Float.BYTES)));
            }
            for (int i = 0; i < whole; i += Float.BYTES) {
                int bits = (buf[i] & 0xFF) | (buf[i + 1] & 0xFF) << 8 | (buf[i + 2] & 0xFF) << 16 | buf[i + 3] << 24;
                samples[count++] = Float.intBitsToFloat(bits);
            }
            carry = have - whole;
            System.arraycopy(buf, whole, buf, 0, carry);
        }
        return Arrays.copyOf(samples, count);
    }

    private static void drain(InputStream err, StringBuilder keep) {
        byte[] buf = new byte[4096];
        try (err) {
            int n;
            while ((n = err.read(buf)) > 0) {
                synchronized (keep) {
                    keep.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    if (keep.length() > STDERR_KEEP) {
                        keep.delete(0, keep.length() - STDERR_KEEP);
                    }
                }
            }
        } catch (IOException e) {
            // process gone
        }
    }

    /** {@return the ffmpeg executable: the system property, else the first {@code ffmpeg} on the PATH} */
    static Optional<Path> executable() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p.toAbsolutePath()) : Optional.empty();
        }
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"));
        for (String dir : dirs) {
            if (!dir.isBlank()) {
                Path candidate = Path.of(dir, "ffmpeg");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath());
                }
            }
        }
        return Optional.empty();
    }
}
