package dev.mlxgguf.engine.whisper.audio;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.speech.AudioContainer;
import dev.mlxgguf.api.speech.AudioInput;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * Turns any accepted audio into what whisper takes: mono 16 kHz float samples. The container is recognised by
 * its bytes ({@link AudioContainer#sniff}); the file name plays no part. PCM and float WAV are decoded and
 * resampled in Java, with the duration cap checked from the header before any sample is read; every other
 * container (and WAV with other codecs) goes to {@link FfmpegDecoder}, which counts samples while decoding.
 * Stateless and thread-safe.
 */
public final class AudioDecoder {

    private AudioDecoder() {
    }

    /**
     * Decodes audio.
     *
     * @param input      a file or samples
     * @param maxSamples longest accepted audio in 16 kHz samples
     * @param keepGoing  asked while decoding; false cancels
     * @return mono 16 kHz samples
     * @throws InvalidRequestException (param {@code file}) if the input is not audio, is malformed, holds no audio or
     *                                 is longer than the cap
     */
    public static float[] decode(AudioInput input, long maxSamples, BooleanSupplier keepGoing) {
        return switch (input) {
            case AudioInput.Samples s -> {
                if (s.length() > maxSamples) {
                    throw tooLong(maxSamples);
                }
                yield s.pcm();
            }
            case AudioInput.File f -> decodeFile(f.path(), maxSamples, keepGoing);
        };
    }

    private static float[] decodeFile(Path path, long maxSamples, BooleanSupplier keepGoing) {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(AudioContainer.HEAD_BYTES);
            while (head.hasRemaining() && file.read(head, head.position()) > 0) {
                // fill the head
            }
            byte[] bytes = java.util.Arrays.copyOf(head.array(), head.position());
            AudioContainer container = AudioContainer.sniff(bytes).orElseThrow(() -> new InvalidRequestException(
                    "the file is not audio in a supported format (WAV, MP3, M4A/AAC, OGG/Opus/Vorbis, FLAC, WebM)", "file"));
            if (container == AudioContainer.WAV) {
                WavHeader header = WavHeader.read(file);
                if (header.javaDecodable()) {
                    return decodeWav(file, header, maxSamples);
                }
            }
            return FfmpegDecoder.decode(path, container, maxSamples, keepGoing);
        } catch (NoSuchFileException e) {
            throw new InvalidRequestException("the uploaded audio file is gone", "file");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] decodeWav(FileChannel file, WavHeader header, long maxSamples) throws IOException {
        // Duration from the header, before reading anything: the header was checked against the file size.
        double seconds = (double) header.frames() / header.sampleRate();
        if (seconds * 16000 > maxSamples) {
            throw tooLong(maxSamples);
        }
        if (header.frames() == 0) {
            throw new InvalidRequestException("the file holds no audio", "file");
        }
        return Resampler.to16k(WavDecoder.decode(file, header), header.sampleRate());
    }

    private static InvalidRequestException tooLong(long maxSamples) {
        return new InvalidRequestException("the audio is longer than the limit of " + maxSamples / 16000 + " s", "file");
    }
}
