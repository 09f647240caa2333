package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.grammar.Grammar;
import dev.mlxgguf.grammar.GrammarCache;
import dev.mlxgguf.grammar.GrammarException;
import dev.mlxgguf.grammar.TokenMatcher;
import dev.mlxgguf.grammar.Vocabulary;
import dev.mlxgguf.toolcalls.ToolChoice;
import dev.mlxgguf.toolcalls.ToolGrammar;
import dev.mlxgguf.toolcalls.ToolRequest;

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
 * <p>Tool calls with {@code tool_choice: auto} are a lazy constraint: the text is free (an end token included)
 * until it contains the format's opening marker, and from the marker on it follows the calls' grammar; a token
 * that would complete the marker is allowed only if the text from the marker on is a start the grammar accepts.
 * With {@code none} no token may complete the marker.
 *
 * <p>Confined to the generating thread; one per generation.
 */
final class ConstrainedOutput {

    private static final GrammarCache GRAMMARS = new GrammarCache();
    private static final byte[] CLOSE = "</think>".getBytes(StandardCharsets.UTF_8);

    private final Decoder decoder;
    private final Vocabulary vocab;
    private final TokenMatcher matcher;     // null: a tool_choice none, where nothing may follow the trigger
    private byte[] trigger;                 // while free text: the marker that starts the grammar, else null
    private int[] triggerEnders;            // tokens with the trigger's last byte: the only ones that can complete it
    private byte[] triggerTail = new byte[0];
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
        if (constraint.kind() == OutputConstraint.Kind.TOOL_CALLS) {
            ToolRequest tools = ToolRequest.fromJson(constraint.source());
            ToolChoice.Mode mode = tools.choice().mode();
            this.matcher = mode == ToolChoice.Mode.NONE ? null : new TokenMatcher(grammar(constraint), vocab);
            if (mode == ToolChoice.Mode.NONE || mode == ToolChoice.Mode.AUTO) {
                this.trigger = tools.format().trigger().getBytes(StandardCharsets.UTF_8);
            }
        } else {
            this.matcher = new TokenMatcher(grammar(constraint), vocab);
        }
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
                case TOOL_CALLS -> GRAMMARS.compiled("t" + c.source(), () -> {
                    ToolRequest r = ToolRequest.fromJson(c.source());
                    return ToolGrammar.compile(r, r.choice().mode() == ToolChoice.Mode.AUTO);
                });
            };
        } catch (GrammarException e) {
            throw new InvalidRequestException(e.getMessage(), switch (c.kind()) {
                case GBNF -> "grammar";
                case TOOL_CALLS -> "tools";
                default -> "response_format.json_schema.schema";
            });
        } catch (ToolGrammar.InvalidToolException e) {
            throw new InvalidRequestException(e.getMessage() + " (at " + e.pointer() + ")",
                    "tools[" + e.index() + "].function.parameters");
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
        } else if (trigger != null) {
            return triggerMask();
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
        if (trigger != null) {
            byte[] joined = concat(triggerTail, piece);
            int at = indexOf(joined, trigger, 0);
            if (at < 0) {
                triggerTail = Arrays.copyOfRange(joined, Math.max(0, joined.length - trigger.length + 1), joined.length);
                return;
            }
            trigger = null;
            piece = Arrays.copyOfRange(joined, at, joined.length);
            if (matcher == null) {
                throw new IllegalStateException("token " + token + " completed the tool-call marker with tool_choice none");
            }
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
            if (close >= 0 && trigger == null) { // a lazy constraint leaves the text after the block free
                byte[] joined = concat(tail, p);
                if (!matcher.accepts(Arrays.copyOfRange(joined, close, joined.length))) {
                    m[t >>> 6] &= ~(1L << t);
                }
            }
        }
        return m;
    }

    /** Free text until the trigger: every token, but none that completes it unless the grammar takes what follows. */
    private long[] triggerMask() {
        int n = vocab.size();
        long[] m = new long[(n + 63) / 64];
        Arrays.fill(m, -1L);
        if (n % 64 != 0) {
            m[m.length - 1] = (1L << (n % 64)) - 1;
        }
        if (triggerEnders == null) {
            byte last = trigger[trigger.length - 1];
            triggerEnders = IntStream.range(0, n).filter(t -> contains(vocab.piece(t), last)).toArray();
        }
        for (int t : triggerEnders) {
            byte[] joined = concat(triggerTail, decoder.piece(t, first));
            int at = indexOf(joined, trigger, 0);
            if (at >= 0 && (matcher == null || !matcher.accepts(Arrays.copyOfRange(joined, at, joined.length)))) {
                m[t >>> 6] &= ~(1L << t);
            }
        }
        return m;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
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
