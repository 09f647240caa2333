package dev.mlxgguf.engine.mlx.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits text on added tokens, leftmost-longest as the Hugging Face tokenizers library does (a trie walk
 * from each position), honouring {@code lstrip}/{@code rstrip} (neighbouring white space is absorbed) and
 * {@code single_word}. Immutable and thread-safe.
 */
final class AddedTokenSplitter {

    /**
     * A piece of the input: either plain text ({@code token == null}) or a matched added token.
     *
     * @param text   the text of a plain piece (empty for a token)
     * @param token  the matched token, or null
     * @param offset where the piece starts in the input
     */
    record Piece(String text, AddedToken token, int offset) {
    }

    private static final class Node {
        final Map<Character, Node> next = new HashMap<>();
        AddedToken token;
    }

    private final Node all = new Node();
    private final Node plainOnly = new Node();

    AddedTokenSplitter(List<AddedToken> tokens) {
        for (AddedToken t : tokens) {
            insert(all, t);
            if (!t.special()) {
                insert(plainOnly, t);
            }
        }
    }

    private static void insert(Node root, AddedToken t) {
        Node n = root;
        for (int i = 0; i < t.content().length(); i++) {
            n = n.next.computeIfAbsent(t.content().charAt(i), c -> new Node());
        }
        n.token = t;
    }

    /**
     * Splits.
     *
     * @param text         the input
     * @param parseSpecial whether special tokens are matched (non-special added tokens always are)
     * @return the pieces in order; plain pieces may be empty only when nothing else is left
     */
    List<Piece> split(String text, boolean parseSpecial) {
        Node root = parseSpecial ? all : plainOnly;
        List<Piece> out = new ArrayList<>();
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            AddedToken match = null;
            int matchEnd = -1;
            Node n = root;
            for (int j = i; j < text.length(); j++) {
                n = n.next.get(text.charAt(j));
                if (n == null) {
                    break;
                }
                if (n.token != null && wordOk(n.token, text, i, j + 1)) {
                    match = n.token;
                    matchEnd = j + 1;
                }
            }
            if (match == null) {
                i++;
                continue;
            }
            int plainEnd = i;
            if (match.lstrip()) {
                while (plainEnd > plainStart && Character.isWhitespace(text.charAt(plainEnd - 1))) {
                    plainEnd--;
                }
            }
            if (plainEnd > plainStart) {
                out.add(new Piece(text.substring(plainStart, plainEnd), null, plainStart));
            }
            out.add(new Piece("", match, i));
            i = matchEnd;
            if (match.rstrip()) {
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
            plainStart = i;
        }
        if (plainStart < text.length()) {
            out.add(new Piece(text.substring(plainStart), null, plainStart));
        }
        return out;
    }

    private static boolean wordOk(AddedToken t, String text, int start, int end) {
        if (!t.singleWord()) {
            return true;
        }
        boolean before = start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1));
        boolean after = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
        return before && after;
    }
}
