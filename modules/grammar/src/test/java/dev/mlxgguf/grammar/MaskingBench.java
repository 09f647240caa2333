package dev.mlxgguf.grammar;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures (logs, does not assert a speed) the cost of computing the allowed tokens per step on a vocabulary of
 * Qwen2.5's size (151,936 tokens: the bytes plus word-like tokens, as the benchmark models' padded tokenizer):
 * an object schema (one walk per new string, masks reused while a string goes on) and the worst case, a string
 * of maxLength 2000 (every position a new state, one full trie walk per token). A benchmark: run with
 * {@code -Dsurefire.excludedGroups= -Dgroups=bench}.
 */
@Tag("bench")
class MaskingBench {

    private static final int VOCAB = 151_936;

    @Test
    void allowedTokensPerStep() {
        byte[][] pieces = new byte[VOCAB][];
        for (int t = 0; t < 256; t++) {
            pieces[t] = new byte[] {(byte) t};
        }
        for (int t = 256; t < VOCAB; t++) {
            pieces[t] = (" w" + t).getBytes(StandardCharsets.UTF_8);
        }
        long t0 = System.nanoTime();
        Vocabulary v = new Vocabulary(pieces, new int[] {VOCAB - 1});
        System.out.printf("vocabulary of %d tokens: %d trie nodes, built in %.0f ms%n", VOCAB, v.trieNodes(),
                (System.nanoTime() - t0) / 1e6);
        GrammarCache grammars = new GrammarCache();
        Grammar object = grammars.jsonSchema("{\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}, "
                + "\"year\": {\"type\": \"integer\", \"minimum\": 1900, \"maximum\": 2100}, \"notes\": {\"type\": \"string\"}}, "
                + "\"required\": [\"title\", \"year\", \"notes\"], \"additionalProperties\": false}");
        Grammar bounded = grammars.jsonSchema("{\"type\": \"string\", \"maxLength\": 2000}");
        for (int round = 0; round < 3; round++) {
            measure("object schema", object, new String[] {"{", "\"title\"", ":", " \""}, pieces, v);
            measure("string maxLength 2000", bounded, new String[] {"\""}, pieces, v);
        }
    }

    private static void measure(String what, Grammar g, String[] opening, byte[][] pieces, Vocabulary v) {
        TokenMatcher m = new TokenMatcher(g, v);
        long total = 0;
        long worst = 0;
        int steps = 0;
        for (int i = 0; i < opening.length + 128; i++) {
            long s = System.nanoTime();
            m.allowed();
            long d = System.nanoTime() - s;
            total += d;
            worst = Math.max(worst, d);
            steps++;
            byte[] next = i < opening.length ? opening[i].getBytes(StandardCharsets.UTF_8) : pieces[300 + i * 7];
            assertTrue(m.accept(next));
        }
        System.out.printf("%s: %d steps, mean %.0f us, worst %.1f ms%n", what, steps, total / 1e3 / steps, worst / 1e6);
    }
}
