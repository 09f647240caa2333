package dev.mlxgguf.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * Learns byte-level BPE merges from a corpus, deterministically: the corpus is pre-split with
 * {@link Llama3PreTokenizer}, every piece becomes a word of byte-level characters, and each round merges
 * the adjacent pair with the highest frequency (weighted by word count); ties go to the pair whose
 * {@code "left right"} string sorts first. Training stops after the requested number of merges or when
 * no pair is left. A merge whose result already exists as a token (reachable by another pair) is kept
 * in the merge list but adds no token, so token texts stay unique.
 */
final class BpeTrainer {

    /** What training produced: merges in rank order and the merged tokens in creation order. */
    record Result(List<String> merges, List<String> mergedTokens) {
    }

    private BpeTrainer() {
    }

    static Result train(String corpus, int mergeCount) {
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String piece : Llama3PreTokenizer.split(corpus)) {
            wordCounts.merge(ByteLevelAlphabet.encode(piece.getBytes(StandardCharsets.UTF_8)), 1, Integer::sum);
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> e : wordCounts.entrySet()) {
            List<String> symbols = new ArrayList<>();
            for (char c : e.getKey().toCharArray()) {
                symbols.add(String.valueOf(c));
            }
            words.add(symbols);
            counts.add(e.getValue());
        }
        SequencedSet<String> known = new LinkedHashSet<>();
        for (int i = 0; i < 256; i++) {
            known.add(String.valueOf(ByteLevelAlphabet.charOf(ByteLevelAlphabet.byteAt(i))));
        }
        List<String> merges = new ArrayList<>();
        List<String> mergedTokens = new ArrayList<>();
        while (merges.size() < mergeCount) {
            String best = bestPair(words, counts);
            if (best == null) {
                break;
            }
            int space = best.indexOf(' ');
            String left = best.substring(0, space);
            String right = best.substring(space + 1);
            for (List<String> word : words) {
                applyMerge(word, left, right);
            }
            merges.add(best);
            String merged = left + right;
            if (known.add(merged)) {
                mergedTokens.add(merged);
            }
        }
        return new Result(List.copyOf(merges), List.copyOf(mergedTokens));
    }

    private static String bestPair(List<List<String>> words, List<Integer> counts) {
        Map<String, Long> pairCounts = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            List<String> word = words.get(w);
            long count = counts.get(w);
            for (int i = 0; i + 1 < word.size(); i++) {
                pairCounts.merge(word.get(i) + ' ' + word.get(i + 1), count, Long::sum);
            }
        }
        String best = null;
        long bestCount = 0;
        for (Map.Entry<String, Long> e : pairCounts.entrySet()) {
            long c = e.getValue();
            if (c > bestCount || (c == bestCount && e.getKey().compareTo(best) < 0)) {
                best = e.getKey();
                bestCount = c;
            }
        }
        return best;
    }

    private static void applyMerge(List<String> word, String left, String right) {
        for (int i = 0; i + 1 < word.size(); i++) {
            if (word.get(i).equals(left) && word.get(i + 1).equals(right)) {
                word.set(i, left + right);
                word.remove(i + 1);
            }
        }
    }
}
