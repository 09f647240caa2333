package dev.mlxgguf.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * A SentencePiece-style BPE vocabulary (Llama 2 / Mistral style) built in code: spaces become
 * {@value #SPACE}, a word starts with it, and pieces carry scores (a higher score merges first).
 *
 * <p>Token ids, in order: {@code <unk>} (0), {@code <s>} (1), {@code </s>} (2), the 256 byte tokens
 * {@code <0x00>}..{@code <0xFF>}, every character of the training text (most frequent first), the merged
 * pieces in the order training created them, then {@code <|im_start|>} and {@code <|im_end|>} (control).
 * Scores: character and merged pieces get {@code -index} among the normal pieces (earlier merges score
 * higher), the others 0. {@link #merges()} lists, for each merged piece in score order, every split of it
 * into two tokens: the Hugging Face BPE merges equivalent to llama.cpp's score-driven SentencePiece merging.
 * Immutable and thread-safe.
 */
public final class SpmVocab {

    /** The space replacement, U+2581. */
    public static final String SPACE = "\u2581";
    /** Merges of {@link #standard()}. */
    public static final int DEFAULT_MERGES = 600;

    private final List<String> tokens;
    private final List<TokenType> types;
    private final float[] scores;
    private final List<String[]> merges;
    private final Map<String, Integer> ids;

    private SpmVocab(List<String> tokens, List<TokenType> types, float[] scores, List<String[]> merges) {
        this.tokens = List.copyOf(tokens);
        this.types = List.copyOf(types);
        this.scores = scores.clone();
        this.merges = List.copyOf(merges);
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (m.put(tokens.get(i), i) != null) {
                throw new IllegalStateException("duplicate token " + tokens.get(i));
            }
        }
        this.ids = Collections.unmodifiableMap(m);
    }

    /** {@return the vocabulary trained on {@link TrainingCorpus#TEXT} with {@link #DEFAULT_MERGES} merges} */
    public static SpmVocab standard() {
        return Standard.INSTANCE;
    }

    /**
     * Trains a vocabulary (deterministic).
     *
     * @param corpus     training text
     * @param mergeCount merges to learn at most
     * @return the vocabulary
     */
    public static SpmVocab train(String corpus, int mergeCount) {
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String line : corpus.split("\n")) {
            for (String w : (SPACE + line.replace(" ", SPACE)).split("(?=" + SPACE + ")")) {
                if (!w.isEmpty()) {
                    wordCounts.merge(w, 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> charCounts = new TreeMap<>();
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            List<String> symbols = new ArrayList<>();
            e.getKey().codePoints().forEach(cp -> {
                String c = new String(Character.toChars(cp));
                symbols.add(c);
                charCounts.merge(c, e.getValue(), Integer::sum);
            });
            words.add(symbols);
            counts.add(e.getValue());
        }
        charCounts.merge("\n", 1, Integer::sum);
        List<String> chars = new ArrayList<>(charCounts.keySet());
        chars.sort((a, b) -> charCounts.get(b).equals(charCounts.get(a)) ? a.compareTo(b)
                : charCounts.get(b) - charCounts.get(a));
        SequencedSet<String> pieces = new LinkedHashSet<>(chars);
        List<String> merged = new ArrayList<>();
        while (merged.size() < mergeCount) {
            String[] best = bestPair(words, counts);
            if (best == null) {
                break;
            }
            for (List<String> w : words) {
                apply(w, best[0], best[1]);
            }
            if (pieces.add(best[0] + best[1])) {
                merged.add(best[0] + best[1]);
            }
        }
        return build(chars, merged);
    }

    private static SpmVocab build(List<String> chars, List<String> merged) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<TokenType> types = new ArrayList<>(List.of(TokenType.UNKNOWN, TokenType.CONTROL, TokenType.CONTROL));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            types.add(TokenType.BYTE);
        }
        int firstNormal = tokens.size();
        for (String c : chars) {
            tokens.add(c);
            types.add(TokenType.NORMAL);
        }
        int firstMerged = tokens.size();
        tokens.addAll(merged);
        merged.forEach(m -> types.add(TokenType.NORMAL));
        tokens.add(ByteLevelBpe.IM_START);
        types.add(TokenType.CONTROL);
        tokens.add(ByteLevelBpe.IM_END);
        types.add(TokenType.CONTROL);
        float[] scores = new float[tokens.size()];
        for (int i = firstNormal; i < firstMerged + merged.size(); i++) {
            scores[i] = -(i - firstNormal);
        }
        Map<String, Integer> known = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            known.put(tokens.get(i), i);
        }
        List<String[]> merges = new ArrayList<>();
        for (String piece : merged) {
            int[] cps = piece.codePoints().toArray();
            for (int cut = 1; cut < cps.length; cut++) {
                String a = new String(cps, 0, cut);
                String b = new String(cps, cut, cps.length - cut);
                Integer ia = known.get(a);
                Integer ib = known.get(b);
                if (ia != null && ib != null && types.get(ia) == TokenType.NORMAL && types.get(ib) == TokenType.NORMAL) {
                    merges.add(new String[] {a, b});
                }
            }
        }
        return new SpmVocab(tokens, types, scores, merges);
    }

    private static String[] bestPair(List<List<String>> words, List<Integer> counts) {
        Map<String, Long> pairCounts = new HashMap<>();
        Map<String, String[]> pairs = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            List<String> word = words.get(w);
            for (int i = 0; i + 1 < word.size(); i++) {
                String key = word.get(i) + '\u0000' + word.get(i + 1);
                pairCounts.merge(key, (long) counts.get(w), Long::sum);
                pairs.putIfAbsent(key, new String[] {word.get(i), word.get(i + 1)});
            }
        }
        String best = null;
        long bestCount = 0;
        for (Map.Entry<String, Long> e : pairCounts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best == null ? null : pairs.get(best);
    }

    private static void apply(List<String> word, String left, String right) {
        for (int i = 0; i + 1 < word.size(); i++) {
            if (word.get(i).equals(left) && word.get(i + 1).equals(right)) {
                word.set(i, left + right);
                word.remove(i + 1);
            }
        }
    }

    /** {@return the number of tokens} */
    public int size() {
        return tokens.size();
    }

    /** {@return token texts by id} */
    public List<String> tokens() {
        return tokens;
    }

    /** {@return token types by id} */
    public List<TokenType> tokenTypes() {
        return types;
    }

    /** {@return scores by id (a copy)} */
    public float[] scores() {
        return scores.clone();
    }

    /** {@return Hugging Face BPE merges, as {@code [left, right]} pairs in rank order} */
    public List<String[]> merges() {
        return merges;
    }

    /**
     * @param token a token text
     * @return its id
     */
    public int id(String token) {
        Integer id = ids.get(token);
        if (id == null) {
            throw new IllegalArgumentException("no token " + token);
        }
        return id;
    }

    private static final class Standard {
        static final SpmVocab INSTANCE = train(TrainingCorpus.TEXT, DEFAULT_MERGES);
    }
}
