package dev.mlxgguf.api.speech;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/** Where the audio of a transcription comes from: a file to decode, or samples already decoded. */
public sealed interface AudioInput permits AudioInput.File, AudioInput.Samples {

    /**
     * An audio file (PCM WAV, or a container that ffmpeg decodes). Its format is recognised from its
     * bytes ({@link AudioContainer#sniff}), never from its name. The caller owns the file and deletes it.
     *
     * @param path absolute path of a file the server wrote under a name it chose
     */
    record File(Path path) implements AudioInput {
        /** Checks the components: a null or out-of-range one throws. */
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Decoded audio: mono, 16 kHz, float samples nominally in [-1, 1]. The array is copied in and out.
     *
     * @param pcm the samples
     */
    record Samples(float[] pcm) implements AudioInput {
        /** Validates and copies. */
        public Samples {
            pcm = pcm.clone();
        }

        /** {@return a copy of the samples} */
        @Override
        public float[] pcm() {
            return pcm.clone();
        }

        /** {@return the number of samples} */
        public int length() {
            return pcm.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Samples s && Arrays.equals(pcm, s.pcm);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(pcm);
        }

        @Override
        public String toString() {
            return "Samples[" + pcm.length + " at 16 kHz]";
        }
    }
}
