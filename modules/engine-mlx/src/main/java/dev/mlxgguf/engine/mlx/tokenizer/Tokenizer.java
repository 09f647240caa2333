package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.toolcalls.ToolCallFormat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face {@code tokenizer.json} BPE tokenizer (byte-level or SentencePiece-style): added tokens
 * are split out first, each remaining piece is normalized, pre-tokenized and encoded by the BPE model.
 * Decoding yields raw bytes per token (special tokens decode to nothing, except the tool-call and reasoning markers, {@code ToolCallFormat.markers()}), so streams can assemble UTF-8
 * across tokens. Immutable and thread-safe.
 */
public final class Tokenizer {

    private final AddedTokenSplitter splitter;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final TokenDecoder decoder;
    private final String[] texts;
    private final boolean[] special;
    private final byte[][] pieces;
    private final Map<String, Integer> ids;
    private final int[] prefix;
    private final Optional<String> bosToken;
    private final Optional<String> eosToken;

    Tokenizer(TokenizerParts p) {
        this.splitter = new AddedTokenSplitter(p.added());
        this.normalizer = p.normalizer();
        this.preTokenizer = p.preTokenizer();
        this.model = p.model();
        this.decoder = p.decoder();
        this.ids = Map.copyOf(p.ids());
        int size = 0;
        for (int id : ids.values()) {
            size = Math.max(size, id + 1);
        }
        this.texts = new String[size];
        this.special = new boolean[size];
        this.pieces = new byte[size][];
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            texts[e.getValue()] = e.getKey();
        }
        boolean[] added = new boolean[size];
        for (AddedToken t : p.added()) {
            texts[t.id()] = t.content();
            special[t.id()] = t.special();
            added[t.id()] = true;
        }
        for (int i = 0; i < size; i++) {
            if (texts[i] == null || (special[i] && !ToolCallFormat.markers().contains(texts[i]))) {
                pieces[i] = new byte[0];
            } else {
                pieces[i] = added[i] ? texts[i].getBytes(StandardCharsets.UTF_8) : decoder.piece(texts[i]);
            }
        }
        this.prefix = p.prefix().clone();
        this.bosToken = p.bosToken();
        this.eosToken = p.eosToken();
    }

    /** {@return the number of token ids (highest id plus one)} */
    public int size() {
        return texts.length;
    }

    /**
     * Encodes text without adding BOS (the post-processor is not applied).
     *
     * @param text         the text
     * @param parseSpecial whether special (control) added tokens in the text become their ids; non-special
     *                     added tokens always do
     * @return the ids
     */
    public int[] encode(String text, boolean parseSpecial) {
        IntList out = new IntList(text.length() / 3 + 4);
        for (AddedTokenSplitter.Piece p : splitter.split(text, parseSpecial)) {
            if (p.token() != null) {
                out.add(p.token().id());
                continue;
            }
            String s = normalizer == null ? p.text() : normalizer.apply(p.text());
            List<PreTokenizer.Piece> words = List.of(new PreTokenizer.Piece(s, p.offset() == 0));
            if (preTokenizer != null) {
                words = preTokenizer.apply(words);
            }
            for (PreTokenizer.Piece w : words) {
                model.encode(w.text(), out);
            }
        }
        return out.toArray();
    }

    /**
     * Encodes a raw prompt as mlx_lm does: special tokens parsed, and the post-processor's leading tokens
     * (BOS) added unless the text already starts with the BOS text.
     *
     * @param text the prompt
     * @return the ids
     */
    public int[] encodePrompt(String text) {
        int[] body = encode(text, true);
        if (prefix.length == 0 || (bosToken.isPresent() && text.startsWith(bosToken.get()))) {
            return body;
        }
        int[] out = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    /**
     * @param id a token id
     * @return the bytes it decodes to (empty for special tokens but markers, and unused ids); do not modify
     */
    public byte[] piece(int id) {
        return id >= 0 && id < pieces.length ? pieces[id] : new byte[0];
    }

    /** {@return how many leading spaces a decoder strips from the start of a decoded text (SentencePiece: 1)} */
    public int leadingStrip() {
        return decoder.leadingStrip();
    }

    /**
     * Decodes ids to text (special tokens left out, leading spaces stripped as the decoder says).
     *
     * @param tokens ids
     * @return the text
     */
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int t : tokens) {
            out.writeBytes(piece(t));
        }
        String s = out.toString(StandardCharsets.UTF_8);
        int strip = decoder.leadingStrip();
        while (strip-- > 0 && s.startsWith(" ")) {
            s = s.substring(1);
        }
        return s;
    }

    /**
     * @param token a token text (vocabulary or added token)
     * @return its id
     */
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * @param id a token id
     * @return its text, or null for an unused id
     */
    public String text(int id) {
        return id >= 0 && id < texts.length ? texts[id] : null;
    }

    /**
     * @param id a token id
     * @return whether it is a special added token
     */
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    /** {@return the BOS token text from the tokenizer config} */
    public Optional<String> bosToken() {
        return bosToken;
    }

    /** {@return the EOS token text from the tokenizer config} */
    public Optional<String> eosToken() {
        return eosToken;
    }
}
