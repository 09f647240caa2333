package dev.mlxgguf.engine.whisper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The header of a whisper.cpp model file in the legacy ggml format: the {@code "ggml"} magic and 11 hyper-parameters.
 * Read in Java, without native code, to recognise the format and to describe the model.
 *
 * @param vocab      n_vocab
 * @param audioCtx   n_audio_ctx
 * @param audioState n_audio_state
 * @param audioHeads n_audio_head
 * @param audioLayer n_audio_layer
 * @param textCtx    n_text_ctx
 * @param textState  n_text_state
 * @param textHeads  n_text_head
 * @param textLayer  n_text_layer
 * @param mels       n_mels
 * @param ftype      weight type (ggml ftype, without the quantisation version)
 */
record WhisperModelFile(int vocab, int audioCtx, int audioState, int audioHeads, int audioLayer, int textCtx,
                        int textState, int textHeads, int textLayer, int mels, int ftype) {

    private static final int GGML_MAGIC = 0x67676d6c;
    private static final int HEADER_BYTES = 48;

    /**
     * Reads a header.
     *
     * @param file a file
     * @return the header, or empty if the file is not a plausible whisper ggml model
     */
    static Optional<WhisperModelFile> read(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEADER_BYTES);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (head.length < HEADER_BYTES) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != GGML_MAGIC) {
            return Optional.empty();
        }
        WhisperModelFile m = new WhisperModelFile(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt() % 1000);
        return m.plausible() ? Optional.of(m) : Optional.empty();
    }

    private boolean plausible() {
        return in(vocab, 1, 1 << 20) && in(audioCtx, 1, 1 << 16) && in(audioState, 1, 1 << 14) && in(audioHeads, 1, 256)
                && in(audioLayer, 1, 256) && in(textCtx, 1, 1 << 16) && textState == audioState && in(textHeads, 1, 256)
                && in(textLayer, 1, 256) && in(mels, 1, 512) && in(ftype, 0, 64);
    }

    private static boolean in(int v, int min, int max) {
        return v >= min && v <= max;
    }

    /** {@return the weight type as a name: F32, F16, Q4_0, ...} */
    String quantization() {
        return switch (ftype) {
            case 0 -> "F32";
            case 1 -> "F16";
            case 2 -> "Q4_0";
            case 3 -> "Q4_1";
            case 7 -> "Q8_0";
            case 8 -> "Q5_0";
            case 9 -> "Q5_1";
            case 10 -> "Q2_K";
            case 11 -> "Q3_K";
            case 12 -> "Q4_K";
            case 13 -> "Q5_K";
            case 14 -> "Q6_K";
            default -> "ftype " + ftype;
        };
    }

    /** {@return the number of parameters, from the tensor shapes whisper.cpp expects} */
    long parameterCount() {
        long s = audioState;
        long attention = 4 * s * s + 3 * s;           // q, k, v, out weights; q, v, out biases
        long block = attention + 8L * s * s + 5 * s + 4 * s; // mlp (2 weights, 2 biases) + 2 layer norms
        long encoder = s * audioCtx + 3L * mels * s + s + 3 * s * s + s + 2 * s + audioLayer * block;
        long decoder = s * textCtx + s * vocab + 2 * s + textLayer * (block + attention + 2 * s);
        return encoder + decoder;
    }
}
