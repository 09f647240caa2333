package dev.mlxgguf.grammar;

import java.nio.charset.StandardCharsets;

/** Runs grammars over whole texts with a byte vocabulary (token b = byte b, token 256 = end). */
final class Texts {

    static final Vocabulary BYTES = bytes();

    private Texts() {
    }

    private static Vocabulary bytes() {
        byte[][] pieces = new byte[257][];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
        }
        pieces[256] = new byte[0];
        return new Vocabulary(pieces, new int[] {256});
    }

    /** @return whether the grammar matches exactly this text */
    static boolean matches(Grammar g, String text) {
        return MATCHERS.computeIfAbsent(g, x -> new TokenMatcher(x, BYTES)).completes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static final java.util.Map<Grammar, TokenMatcher> MATCHERS = new java.util.WeakHashMap<>();

    /** @return whether the text is a prefix of some sentence */
    static boolean prefix(Grammar g, String text) {
        return MATCHERS.computeIfAbsent(g, x -> new TokenMatcher(x, BYTES)).accepts(text.getBytes(StandardCharsets.UTF_8));
    }
}
