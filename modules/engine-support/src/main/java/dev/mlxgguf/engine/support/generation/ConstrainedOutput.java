package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.grammar.Grammar;
import dev.mlxgguf.grammar.GrammarCache;
import dev.mlxgguf.grammar.GrammarException;
import dev.mlxgguf.grammar.TokenMatcher;
import dev.mlxgguf.grammar.Vocabulary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The grammar a generation's output follows: before each sample it says which tokens may come next, and it
 * advances by each token sampled. End-of-generation tokens are allowed only where the text is complete.
 *
 * <p>When the prompt leaves a reasoning block open ({@code <think>} without {@code </think>}, as templates do
 * for thinking models), the grammar starts after the model closes it: until then every token but an end token
 * is allowed, except one whose text would close the block and go on with text the grammar rejects.
 *
 * <p>Confined to the generating thread; one per generation.
 */
final class ConstrainedOutput {

    private static final GrammarCache GRAMMARS = new GrammarCache();
    private static final byte[] CLOSE = "</think>".getBytes(StandardCharsets.UTF_8);

    private final Decoder decoder;
    private final Vocabulary vocab;
    private final TokenMatcher matcher;
    private boolean reasoning;
    private int[] closers;          // tokens with a '>' in their text: the only ones that can complete </think>
    private byte[] tail = new byte[0];
    private boolean first = true;

    /**
     * @param constraint the request's constraint
     * @param decoder    the model's decoder
     * @param vocab      the model's vocabulary
     * @param reasoning  whether the prompt leaves a reasoning block open
     */
    ConstrainedOutput(OutputConstraint constraint, Decoder decoder, Vocabulary vocab, boolean reasoning) {
        this.decoder = decoder;
        this.vocab = vocab;
        this.matcher = new TokenMatcher(grammar(constraint), vocab);
        this.reasoning = reasoning;
    }

    /**
     * Compiles a constraint (cached by source).
     *
     * @param c the constraint
     * @return the grammar
     * @throws InvalidRequestException naming {@code response_format} or {@code grammar} if it does not compile
     */
    static Grammar grammar(OutputConstraint c) {
        try {
            return switch (c.kind()) {
                case JSON_OBJECT -> GRAMMARS.jsonObject();
                case JSON_SCHEMA -> GRAMMARS.jsonSchema(c.source());
                case GBNF -> GRAMMARS.gbnf(c.source());
            };
        } catch (GrammarException e) {
            throw new InvalidRequestException(e.getMessage(), c.kind() == OutputConstraint.Kind.GBNF ? "grammar"
                    : "response_format.json_schema.schema");
        }
    }

    /**
     * @return the tokens allowed next, or null for all
     * @throws InvalidRequestException if no token of the vocabulary can continue the grammar here
     */
    long[] allowed() {
        long[] m;
        if (reasoning) {
            m = reasoningMask();
        } else if (first && decoder.stripsLeadingSpace()) {
            m = matcher.allowed(t -> decoder.piece(t, true));
        } else {
            m = matcher.allowed();
        }
        if (Arrays.stream(m).allMatch(w -> w == 0)) {
            throw new InvalidRequestException("no token of the model's vocabulary can continue the output format here",
                    "response_format");
        }
        return m;
    }

    /**
     * Takes the token sampled.
     *
     * @param token the token
     * @param piece the bytes it added to the text
     */
    void accepted(int token, byte[] piece) {
        boolean wasFirst = first;
        first = false;
        if (vocab.isEnd(token)) {
            return;
        }
        if (reasoning) {
            int close = closeEnd(tail, piece);
            if (close < 0) {
                tail = lastBytes(tail, piece);
                return;
            }
            reasoning = false;
            first = false;
            byte[] joined = concat(tail, piece);
            piece = Arrays.copyOfRange(joined, close, joined.length);
        }
        if (!matcher.accept(piece)) {
            throw new IllegalStateException("token " + token + " was sampled outside the grammar" + (wasFirst ? " (first)" : ""));
        }
    }

    private long[] reasoningMask() {
        int n = vocab.size();
        long[] m = new long[(n + 63) / 64];
        Arrays.fill(m, -1L);
        if (n % 64 != 0) {
            m[m.length - 1] = (1L << (n % 64)) - 1;
        }
        for (int t : vocab.ends()) {
            m[t >>> 6] &= ~(1L << t);
        }
        if (closers == null) {
            closers = IntStream.range(0, n).filter(t -> contains(vocab.piece(t), (byte) '>')).toArray();
        }
        for (int t : closers) {
            byte[] p = decoder.piece(t, first);
            int close = closeEnd(tail, p);
            if (close >= 0) {
                byte[] joined = concat(tail, p);
                if (!matcher.accepts(Arrays.copyOfRange(joined, close, joined.length))) {
                    m[t >>> 6] &= ~(1L << t);
                }
            }
        }
        return m;
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    /** The offset just past {@code </think>} in tail + piece where the piece completes it, or -1. */
    private static int closeEnd(byte[] tail, byte[] piece) {
        byte[] joined = concat(tail, piece);
        outer:
        for (int i = 0; i + CLOSE.length <= joined.length; i++) {
            for (int k = 0; k < CLOSE.length; k++) {
                if (joined[i + k] != CLOSE[k]) {
                    continue outer;
                }
            }
            if (i + CLOSE.length > tail.length) {
                return i + CLOSE.length;
            }
        }
        return -1;
    }

    private static byte[] lastBytes(byte[] tail, byte[] piece) {
        byte[] joined = concat(tail, piece);
        int keep = Math.min(joined.length, CLOSE.length - 1);
        return Arrays.copyOfRange(joined, joined.length - keep, joined.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
