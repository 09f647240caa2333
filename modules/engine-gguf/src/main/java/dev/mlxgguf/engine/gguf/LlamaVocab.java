package dev.mlxgguf.engine.gguf;

import com.sun.jna.Pointer;
import dev.mlxgguf.api.EngineFailureException;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.toolcalls.ToolCallFormat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A view of a model's {@code llama_vocab *}: tokenization and token pieces. Borrowed: the pointer belongs
 * to the {@link LlamaModelHandle} and is valid until the model is closed. Not thread-safe (reuses a piece
 * buffer); used on the model's thread.
 */
final class LlamaVocab {

    private final LlamaLibrary lib;
    private final Pointer vocab;    // const llama_vocab *, borrowed from the model
    private byte[] pieceBuffer = new byte[64];
    private final Map<Integer, byte[]> markers;

    LlamaVocab(LlamaLibrary lib, Pointer vocab) {
        this.lib = lib;
        this.vocab = vocab;
        this.markers = markerTokens();
    }

    /** Control tokens whose text is a tool-call or reasoning marker (and that do not end a generation). */
    private Map<Integer, byte[]> markerTokens() {
        Map<Integer, byte[]> out = new HashMap<>();
        for (String marker : ToolCallFormat.markers()) {
            int[] t = tokenize(marker, false, true);
            if (t.length == 1 && !isEndOfGeneration(t[0]) && rawPiece(t[0]).length == 0) {
                out.put(t[0], marker.getBytes(StandardCharsets.UTF_8));
            }
        }
        return Map.copyOf(out);
    }

    /** {@return the number of tokens} */
    int size() {
        return lib.llama_vocab_n_tokens(vocab);
    }

    /** {@return whether the model wants a BOS token at the start of a prompt} */
    boolean addsBos() {
        return lib.llama_vocab_get_add_bos(vocab) != 0;
    }

    /** {@return the BOS token id, or -1} */
    int bos() {
        return lib.llama_vocab_bos(vocab);
    }

    /** {@return the EOS token id, or -1} */
    int eos() {
        return lib.llama_vocab_eos(vocab);
    }

    /**
     * The text of a token as the tokenizer writes it, special tokens included (e.g. {@code <|im_end|>}).
     *
     * @param token a token id, or -1
     * @return the text, "" for -1
     */
    String specialText(int token) {
        if (token < 0) {
            return "";
        }
        byte[] buf = new byte[256];
        int n = lib.llama_token_to_piece(vocab, token, buf, buf.length, 0, true);
        if (n < 0) {
            buf = new byte[-n];
            n = lib.llama_token_to_piece(vocab, token, buf, buf.length, 0, true);
        }
        return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * @param token a token id
     * @return whether it ends a generation (EOS, EOT, {@code <|im_end|>}, ...)
     */
    boolean isEndOfGeneration(int token) {
        return lib.llama_vocab_is_eog(vocab, token) != 0;
    }

    /**
     * Tokenizes text.
     *
     * @param text         the text
     * @param addSpecial   whether to add BOS/EOS as the model wants
     * @param parseSpecial whether control token texts become their ids
     * @return the token ids
     * @throws EngineFailureException if llama.cpp fails
     */
    int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        if (text.isEmpty() && !addSpecial) {
            return new int[0];
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length + 4];
        int n = lib.llama_tokenize(vocab, bytes, bytes.length, tokens, tokens.length, addSpecial, parseSpecial);
        if (n < 0 && n != Integer.MIN_VALUE) {
            tokens = new int[-n];
            n = lib.llama_tokenize(vocab, bytes, bytes.length, tokens, tokens.length, addSpecial, parseSpecial);
        }
        if (n < 0) {
            throw new EngineFailureException("llama_tokenize failed with code " + n);
        }
        return Arrays.copyOf(tokens, n);
    }

    /**
     * Gives the bytes of one token as text, possibly a partial UTF-8 sequence. Control tokens give nothing,
     * except those whose text is a tool-call or reasoning marker ({@link ToolCallFormat#markers()}), which give
     * their text: the answer's parser reads them.
     *
     * @param token a token id
     * @return the bytes (a new array)
     */
    byte[] piece(int token) {
        byte[] marker = markers.get(token);
        return marker != null ? marker.clone() : rawPiece(token);
    }

    private byte[] rawPiece(int token) {
        int n = lib.llama_token_to_piece(vocab, token, pieceBuffer, pieceBuffer.length, 0, false);
        if (n < 0) {
            pieceBuffer = new byte[-n];
            n = lib.llama_token_to_piece(vocab, token, pieceBuffer, pieceBuffer.length, 0, false);
        }
        if (n < 0) {
            throw new EngineFailureException("llama_token_to_piece failed with code " + n);
        }
        return Arrays.copyOf(pieceBuffer, n);
    }

    /**
     * Detokenizes (control tokens left out), for tests and diagnostics.
     *
     * @param tokens token ids
     * @return the raw bytes
     */
    byte[] detokenize(int[] tokens) {
        if (tokens.length == 0) {
            return new byte[0];
        }
        byte[] buf = new byte[tokens.length * 8 + 16];
        int n = lib.llama_detokenize(vocab, tokens, tokens.length, buf, buf.length, false, false);
        if (n < 0) {
            buf = new byte[-n];
            n = lib.llama_detokenize(vocab, tokens, tokens.length, buf, buf.length, false, false);
        }
        if (n < 0) {
            throw new EngineFailureException("llama_detokenize failed with code " + n);
        }
        return Arrays.copyOf(buf, n);
    }
}
