package dev.mlxgguf.testkit.speech;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A tiny whisper model with random weights, written in whisper.cpp's legacy ggml format so that
 * {@code whisper_init_from_file_with_params} loads it and {@code whisper_full} runs it (its text is random).
 *
 * <p>File layout (little-endian), as {@code whisper_model_load} reads it:
 * <ol>
 *   <li>{@code u32} magic {@code 0x67676d6c} ("ggml"), then 11 {@code i32} hyper-parameters: n_vocab, n_audio_ctx,
 *       n_audio_state, n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels,
 *       ftype (1 = f16 weights);</li>
 *   <li>the mel filter bank: {@code i32} n_mel, {@code i32} n_fft (201), {@code f32[n_mel * n_fft]};</li>
 *   <li>the vocabulary: {@code i32} count, then per token {@code u32} length and its bytes
 *       ({@link WhisperVocabulary}; whisper.cpp adds the special tokens up to n_vocab itself);</li>
 *   <li>the tensors, each as {@code i32} n_dims, {@code i32} name length, {@code i32} type (0 f32, 1 f16),
 *       {@code i32 ne[n_dims]} (ggml order, innermost first), the name, the data.</li>
 * </ol>
 * 2-D and 3-D weights are f16 (the encoder's convolutions need f16 kernels: with f32 ones {@code whisper_full}
 * aborts in im2col); biases, norms and positional embeddings are f32. Weights are N(0, 0.02), norm weights 1,
 * biases 0, all from one seed, so a seed always gives the same bytes.
 *
 * @param vocabSize  n_vocab; at least 51865 makes the model multilingual (language detection works)
 * @param audioCtx   encoder positions (1500 = 30 s of audio)
 * @param state      width of both encoder and decoder
 * @param heads      attention heads of both
 * @param audioLayer encoder blocks
 * @param textCtx    decoder positions
 * @param textLayer  decoder blocks
 * @param mels       mel bands (80)
 * @param seed       weight seed
 */
public record TinyWhisper(int vocabSize, int audioCtx, int state, int heads, int audioLayer, int textCtx, int textLayer,
                          int mels, long seed) {

    private static final int GGML_MAGIC = 0x67676d6c;
    private static final int F32 = 0;
    private static final int F16 = 1;

    /** Checks the components: a null or out-of-range one throws. */
    public TinyWhisper {
        if (vocabSize <= WhisperVocabulary.TEXT_TOKENS || audioCtx < 1 || state < 1 || heads < 1 || state % heads != 0
                || audioLayer < 1 || textCtx < 1 || textLayer < 1 || mels < 1) {
            throw new IllegalArgumentException("bad tiny whisper shape");
        }
    }

    /**
     * The standard tiny model: multilingual vocabulary (51865), 30 s audio context, width 64, 2 heads, one
     * encoder and one decoder block, 80 mels. About 8 MB.
     *
     * @param seed weight seed
     * @return the description
     */
    public static TinyWhisper standard(long seed) {
        return new TinyWhisper(51865, 1500, 64, 2, 1, 448, 1, 80, seed);
    }

    /**
     * Writes the model.
     *
     * @param file target file (replaced)
     * @return {@code file}
     */
    public Path writeTo(Path file) {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Writer w = new Writer(out, new SplittableRandom(seed));
            w.ints(GGML_MAGIC, vocabSize, audioCtx, state, heads, audioLayer, textCtx, state, heads, textLayer, mels, 1);
            float[] filters = MelFilters.bank(mels, 400, 16000);
            w.ints(mels, filters.length / mels);
            w.floats(filters);
            w.ints(WhisperVocabulary.TEXT_TOKENS);
            for (int id = 0; id < WhisperVocabulary.TEXT_TOKENS; id++) {
                byte[] token = WhisperVocabulary.token(id).getBytes(StandardCharsets.UTF_8);
                w.ints(token.length);
                out.write(token);
            }
            writeTensors(w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private void writeTensors(Writer w) throws IOException {
        w.vector("encoder.positional_embedding", F32, 0.02f, state, audioCtx);
        w.vector("encoder.conv1.weight", F16, 0.02f, 3, mels, state);
        w.vector("encoder.conv1.bias", F32, 0, 1, state);
        w.vector("encoder.conv2.weight", F16, 0.02f, 3, state, state);
        w.vector("encoder.conv2.bias", F32, 0, 1, state);
        w.norm("encoder.ln_post", state);
        for (int i = 0; i < audioLayer; i++) {
            block(w, "encoder.blocks." + i + ".", "attn");
        }
        w.vector("decoder.positional_embedding", F32, 0.02f, state, textCtx);
        w.vector("decoder.token_embedding.weight", F16, 0.02f, state, vocabSize);
        w.norm("decoder.ln", state);
        for (int i = 0; i < textLayer; i++) {
            block(w, "decoder.blocks." + i + ".", "attn");
            attention(w, "decoder.blocks." + i + ".", "cross_attn");
        }
    }

    private void block(Writer w, String prefix, String attn) throws IOException {
        w.norm(prefix + "mlp_ln", state);
        w.vector(prefix + "mlp.0.weight", F16, 0.02f, state, 4 * state);
        w.vector(prefix + "mlp.0.bias", F32, 0, 4 * state);
        w.vector(prefix + "mlp.2.weight", F16, 0.02f, 4 * state, state);
        w.vector(prefix + "mlp.2.bias", F32, 0, state);
        attention(w, prefix, attn);
    }

    private void attention(Writer w, String prefix, String attn) throws IOException {
        w.norm(prefix + attn + "_ln", state);
        w.vector(prefix + attn + ".query.weight", F16, 0.02f, state, state);
        w.vector(prefix + attn + ".query.bias", F32, 0, state);
        w.vector(prefix + attn + ".key.weight", F16, 0.02f, state, state);
        w.vector(prefix + attn + ".value.weight", F16, 0.02f, state, state);
        w.vector(prefix + attn + ".value.bias", F32, 0, state);
        w.vector(prefix + attn + ".out.weight", F16, 0.02f, state, state);
        w.vector(prefix + attn + ".out.bias", F32, 0, state);
    }

    /** Little-endian output of header values and tensors. */
    private record Writer(OutputStream out, SplittableRandom random) {

        void ints(int... values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) {
                b.putInt(v);
            }
            out.write(b.array());
        }

        void floats(float[] values) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            out.write(b.array());
        }

        void norm(String prefix, int n) throws IOException {
            tensor(prefix + ".weight", F32, new int[] {n}, i -> 1f);
            tensor(prefix + ".bias", F32, new int[] {n}, i -> 0f);
        }

        /** A tensor of N(0, std) values (all zero for std 0); {@code ne} innermost first. */
        void vector(String name, int type, float std, int... ne) throws IOException {
            tensor(name, type, ne, i -> std == 0 ? 0f : (float) (random.nextGaussian() * std));
        }

        private void tensor(String name, int type, int[] ne, java.util.function.IntToDoubleFunction value)
                throws IOException {
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            ints(ne.length, nameBytes.length, type);
            ints(ne);
            out.write(nameBytes);
            long count = 1;
            for (int n : ne) {
                count *= n;
            }
            int size = type == F16 ? 2 : 4;
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < count; i++) {
                float v = (float) value.applyAsDouble((int) i);
                if (type == F16) {
                    chunk.putShort(Float.floatToFloat16(v));
                } else {
                    chunk.putFloat(v);
                }
                if (chunk.remaining() < size) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }
}
