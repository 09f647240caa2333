package dev.mlxgguf.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A real byte-level BPE vocabulary (GPT-2 / Llama 3 style) trained in code, with a reference encoder.
 *
 * <p>Token ids, in order:
 * <ol>
 *   <li>0..255: the 256 byte tokens, as {@link ByteLevelAlphabet} characters in GPT-2's order
 *       ({@code "!"} is id 0, {@code "Ġ"} (space) is id 220 as in GPT-2);</li>
 *   <li>then the merged tokens, in the order training created them;</li>
 *   <li>then the control tokens {@value #END_OF_TEXT}, {@value #IM_START}, {@value #IM_END}.</li>
 * </ol>
 * The pre-tokenizer is Llama 3's ({@code tokenizer.ggml.pre = llama-bpe}), with Llama 3's
 * {@code ignore_merges}: a pre-token that is itself a token is emitted whole. {@link #encode(String,
 * boolean)} reproduces llama.cpp's BPE algorithm (lowest merge rank first, leftmost on ties), so tests
 * can compare llama.cpp's tokenization with it. Immutable and thread-safe.
 */
public final class ByteLevelBpe {

    /** End of text; llama.cpp treats it as end-of-generation. */
    public static final String END_OF_TEXT = "<|endoftext|>";
    /** Start of a ChatML turn. */
    public static final String IM_START = "<|im_start|>";
    /** End of a ChatML turn; the end-of-sequence token of the tiny models. */
    public static final String IM_END = "<|im_end|>";
    /** Merges of {@link #standard()}. */
    public static final int DEFAULT_MERGES = 768;

    private static final List<String> SPECIALS = List.of(END_OF_TEXT, IM_START, IM_END);

    private final List<String> specials;
    private final List<String> tokens;
    private final List<TokenType> types;
    private final List<String> merges;
    private final Map<String, Integer> ids;
    private final Map<String, Integer> mergeRanks;

    private ByteLevelBpe(List<String> specials, List<String> tokens, List<TokenType> types, List<String> merges) {
        this.specials = List.copyOf(specials);
        this.tokens = List.copyOf(tokens);
        this.types = List.copyOf(types);
        this.merges = List.copyOf(merges);
        Map<String, Integer> idMap = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (idMap.put(tokens.get(i), i) != null) {
                throw new IllegalStateException("duplicate token " + tokens.get(i));
            }
        }
        this.ids = Collections.unmodifiableMap(idMap);
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(merges.get(i), i);
        }
        this.mergeRanks = Collections.unmodifiableMap(ranks);
    }

    /** {@return the vocabulary every tiny model uses: {@link TrainingCorpus#TEXT} with {@link #DEFAULT_MERGES} merges} */
    public static ByteLevelBpe standard() {
        return Standard.INSTANCE;
    }

    /**
     * Trains a vocabulary. Deterministic: the same corpus and merge count give the same vocabulary.
     *
     * @param corpus     training text
     * @param mergeCount merges to learn at most (fewer if the corpus runs out of pairs)
     * @return the vocabulary
     */
    public static ByteLevelBpe train(String corpus, int mergeCount) {
        if (mergeCount < 0) {
            throw new IllegalArgumentException("mergeCount < 0");
        }
        BpeTrainer.Result trained = BpeTrainer.train(corpus, mergeCount);
        List<String> tokens = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            tokens.add(String.valueOf(ByteLevelAlphabet.charOf(ByteLevelAlphabet.byteAt(i))));
            types.add(TokenType.NORMAL);
        }
        for (String t : trained.mergedTokens()) {
            tokens.add(t);
            types.add(TokenType.NORMAL);
        }
        for (String s : SPECIALS) {
            tokens.add(s);
            types.add(TokenType.CONTROL);
        }
        return new ByteLevelBpe(SPECIALS, tokens, types, trained.merges());
    }

    /**
     * @param texts control tokens to add after the others (such as a family's tool-call marker)
     * @return this vocabulary with them
     */
    public ByteLevelBpe withControlTokens(String... texts) {
        List<String> s = new ArrayList<>(specials);
        List<String> t = new ArrayList<>(tokens);
        List<TokenType> ty = new ArrayList<>(types);
        for (String x : texts) {
            s.add(x);
            t.add(x);
            ty.add(TokenType.CONTROL);
        }
        return new ByteLevelBpe(s, t, ty, merges);
    }


    /** {@return the number of tokens} */
    public int size() {
        return tokens.size();
    }

    /** {@return token texts by id (byte-level characters; control tokens verbatim)} */
    public List<String> tokens() {
        return tokens;
    }

    /** {@return token types by id} */
    public List<TokenType> tokenTypes() {
        return types;
    }

    /** {@return the merges in rank order, as {@code "left right"} strings} */
    public List<String> merges() {
        return merges;
    }

    /** {@return the control token texts, in id order} */
    public List<String> specialTokens() {
        return specials;
    }

    /** {@return the id of {@value #END_OF_TEXT}} */
    public int endOfTextId() {
        return ids.get(END_OF_TEXT);
    }

    /** {@return the id of {@value #IM_START}} */
    public int imStartId() {
        return ids.get(IM_START);
    }

    /** {@return the id of {@value #IM_END}} */
    public int imEndId() {
        return ids.get(IM_END);
    }

    /**
     * Looks a token up by its text.
     *
     * @param token the token text (byte-level characters, or a control token)
     * @return its id, or empty
     */
    public OptionalInt id(String token) {
        Integer id = ids.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /**
     * Encodes text without parsing special tokens (like {@code llama_tokenize(..., parse_special=false)}).
     *
     * @param text the text
     * @return token ids (a new array)
     */
    public int[] encode(String text) {
        return encode(text, false);
    }

    /**
     * Encodes text the way llama.cpp does with {@code add_special = false}.
     *
     * @param text         the text
     * @param parseSpecial whether control token texts in {@code text} become their ids
     * @return token ids (a new array)
     */
    public int[] encode(String text, boolean parseSpecial) {
        List<Integer> out = new ArrayList<>();
        int start = 0;
        while (parseSpecial && start < text.length()) {
            int at = -1;
            String found = null;
            for (String s : specials) {
                int i = text.indexOf(s, start);
                if (i >= 0 && (at < 0 || i < at || (i == at && s.length() > found.length()))) {
                    at = i;
                    found = s;
                }
            }
            if (found == null) {
                break;
            }
            encodeOrdinary(text.substring(start, at), out);
            out.add(ids.get(found));
            start = at + found.length();
        }
        encodeOrdinary(text.substring(start), out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Gives the bytes a token stands for; control tokens give their text.
     *
     * @param id a token id
     * @return the bytes (a new array)
     */
    public byte[] tokenBytes(int id) {
        String t = tokens.get(id);
        return types.get(id) == TokenType.CONTROL ? t.getBytes(StandardCharsets.UTF_8) : ByteLevelAlphabet.decode(t);
    }

    /**
     * Decodes ids to bytes (control tokens as their text).
     *
     * @param ids token ids
     * @return the concatenated bytes
     */
    public byte[] decodeBytes(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenBytes(id));
        }
        return out.toByteArray();
    }

    /**
     * Decodes ids to text (control tokens as their text; invalid UTF-8 becomes U+FFFD).
     *
     * @param ids token ids
     * @return the text
     */
    public String decode(int[] ids) {
        return new String(decodeBytes(ids), StandardCharsets.UTF_8);
    }

    private void encodeOrdinary(String text, List<Integer> out) {
        for (String piece : Llama3PreTokenizer.split(text)) {
            String word = ByteLevelAlphabet.encode(piece.getBytes(StandardCharsets.UTF_8));
            Integer whole = ids.get(word);
            if (whole != null) {
                out.add(whole);
                continue;
            }
            for (String symbol : bpe(word)) {
                out.add(ids.get(symbol));
            }
        }
    }

    private List<String> bpe(String word) {
        List<String> symbols = new ArrayList<>(word.length());
        for (int i = 0; i < word.length(); i++) {
            symbols.add(String.valueOf(word.charAt(i)));
        }
        while (symbols.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            int bestAt = -1;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRanks.get(symbols.get(i) + ' ' + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    bestAt = i;
                }
            }
            if (bestAt < 0) {
                break;
            }
            symbols.set(bestAt, symbols.get(bestAt) + symbols.get(bestAt + 1));
            symbols.remove(bestAt + 1);
        }
        return symbols;
    }

    private static final class Standard {
        static final ByteLevelBpe INSTANCE = train(TrainingCorpus.TEXT, DEFAULT_MERGES);
    }
}
