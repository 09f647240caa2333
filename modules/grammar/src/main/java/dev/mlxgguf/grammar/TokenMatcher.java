package dev.mlxgguf.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Runs a {@link Grammar} over generated text, token by token: which tokens of a {@link Vocabulary} may come
 * next ({@link #allowed()}), and advancing by the bytes of the token chosen ({@link #accept(byte[])}).
 *
 * <p>The grammar runs as a pushdown automaton: a state is a set of stacks, each stack a chain of positions in
 * the grammar whose top is a byte range. Stack frames and states are interned, so equal states are one object
 * and the transition on a byte is computed once per (state, byte) and kept in the state's own table; a rule that calls another in tail position
 * does not grow the stack, so a repetition keeps its state while it loops. The allowed tokens of a state come
 * from one walk of the vocabulary's byte trie, pruned where no stack survives, and are kept per state.
 * End-of-generation tokens are allowed exactly where the grammar is complete; control tokens never are.
 *
 * <p>One per generation. Not thread-safe: confined to the generating thread.
 */
public final class TokenMatcher {

    private static final int DEAD = -1;
    private static final int UNKNOWN = -2;
    private static final int MASK_CACHE_LIMIT = 2048;

    private final Grammar grammar;
    private final Vocabulary vocab;
    private final List<Frame> frames = new ArrayList<>();
    private final LongIntMap frameIndex = new LongIntMap();
    private final List<State> states = new ArrayList<>();
    private final Map<StateKey, Integer> stateIndex = new HashMap<>();
    private final Map<Integer, long[]> masks = new HashMap<>();
    private final int words;
    private int epoch;
    private int current;

    /**
     * @param grammar the grammar (the whole text must match its root rule)
     * @param vocab   the model's tokens
     */
    public TokenMatcher(Grammar grammar, Vocabulary vocab) {
        this.grammar = grammar;
        this.vocab = vocab;
        this.words = (vocab.size() + 63) / 64;
        Closure c = new Closure();
        for (int start : grammar.alternatives(grammar.root())) {
            c.add(norm(start, null));
        }
        current = c.state();
    }

    /** {@return whether the text so far is a whole sentence of the grammar (an end token is allowed)} */
    public boolean complete() {
        return states.get(current).accepting;
    }

    /** {@return whether the text is complete and nothing can follow it (only an end token is allowed)} */
    public boolean finished() {
        return complete() && states.get(current).frames.length == 0;
    }

    /**
     * The tokens allowed next, as a bit set over token ids (bit {@code t % 64} of word {@code t / 64}).
     *
     * @return the set; shared, must not be modified
     */
    public long[] allowed() {
        long[] m = masks.get(current);
        if (m != null) {
            return m;
        }
        m = walk(current);
        if (masks.size() < MASK_CACHE_LIMIT) {
            masks.put(current, m);
        }
        return m;
    }

    /**
     * The tokens allowed next when their bytes are given by a function rather than the vocabulary (a
     * generation's first token where a decoder strips a leading space). Checks each token on its own.
     *
     * @param pieces the bytes of each token
     * @return the set, owned by the caller
     */
    public long[] allowed(IntFunction<byte[]> pieces) {
        long[] m = new long[words];
        for (int t = 0; t < vocab.size(); t++) {
            byte[] p = pieces.apply(t);
            boolean ok = vocab.isEnd(t) ? complete() : p.length > 0 && run(current, p) != DEAD;
            if (ok) {
                m[t >>> 6] |= 1L << t;
            }
        }
        return m;
    }

    /**
     * @param bytes text that would follow
     * @return whether the grammar can continue with it
     */
    public boolean accepts(byte[] bytes) {
        return run(current, bytes) != DEAD;
    }

    /**
     * @param bytes text that would follow
     * @return whether the text so far plus it is a whole sentence of the grammar
     */
    public boolean completes(byte[] bytes) {
        int s = run(current, bytes);
        return s != DEAD && states.get(s).accepting;
    }

    /**
     * Advances by text.
     *
     * @param bytes the text of the token chosen
     * @return false (and no change) if the grammar cannot continue with it
     */
    public boolean accept(byte[] bytes) {
        int next = run(current, bytes);
        if (next == DEAD) {
            return false;
        }
        current = next;
        return true;
    }

    private int run(int state, byte[] bytes) {
        int s = state;
        for (int i = 0; i < bytes.length && s != DEAD; i++) {
            s = step(s, bytes[i] & 0xFF);
        }
        return s;
    }

    private long[] walk(int start) {
        long[] m = new long[words];
        State st = states.get(start);
        if (st.accepting) {
            for (int t : vocab.endTokens()) {
                m[t >>> 6] |= 1L << t;
            }
        }
        if (st.frames.length == 0) {
            return m;
        }
        int[] nodeStack = new int[64];
        State[] stateStack = new State[64];
        int top = 0;
        nodeStack[0] = 0;
        stateStack[0] = st;
        while (top >= 0) {
            int node = nodeStack[top];
            State from = stateStack[top];
            top--;
            for (int i = vocab.childStart(node), end = vocab.childEnd(node); i < end; i++) {
                int b = vocab.childByte(i);
                int next = from.next[b];
                if (next == UNKNOWN) {
                    next = step(from, b);
                }
                if (next == DEAD) {
                    continue;
                }
                int child = vocab.childNode(i);
                for (int k = vocab.tokenStart(child), ke = vocab.tokenEnd(child); k < ke; k++) {
                    int t = vocab.tokenId(k);
                    m[t >>> 6] |= 1L << t;
                }
                State to = states.get(next);
                if (to.live && vocab.childStart(child) < vocab.childEnd(child)) {
                    if (++top == nodeStack.length) {
                        nodeStack = Arrays.copyOf(nodeStack, top * 2);
                        stateStack = Arrays.copyOf(stateStack, top * 2);
                    }
                    nodeStack[top] = child;
                    stateStack[top] = to;
                }
            }
        }
        return m;
    }

    private int step(int state, int b) {
        return step(states.get(state), b);
    }

    private int step(State from, int b) {
        int cached = from.next[b];
        if (cached != UNKNOWN) {
            return cached;
        }
        Closure c = new Closure();
        for (Frame f : from.frames) {
            int e = grammar.element(f.pos);
            if (b >= (e & 0xFF) && b <= (e >>> 8)) {
                c.add(norm(f.pos + 1, f.parent));
            }
        }
        int next = c.empty() ? DEAD : c.state();
        from.next[b] = next;
        return next;
    }

    /** The frame at position {@code pos} over {@code parent}, or the parent itself if the position ends its alternative. */
    private Frame norm(int pos, Frame parent) {
        return grammar.element(pos) == Grammar.END ? parent : frame(pos, parent);
    }

    private Frame frame(int pos, Frame parent) {
        long key = ((long) pos << 32) | ((parent == null ? 0 : parent.id + 1) & 0xFFFFFFFFL);
        int id = frameIndex.get(key);
        if (id >= 0) {
            return frames.get(id);
        }
        Frame f = new Frame(pos, parent, frames.size());
        frames.add(f);
        frameIndex.put(key, f.id);
        return f;
    }

    /** One stack frame: a position in the grammar over the frame to return to. Interned: compare by identity. */
    private static final class Frame {
        final int pos;
        final Frame parent;
        final int id;
        int seen;

        Frame(int pos, Frame parent, int id) {
            this.pos = pos;
            this.parent = parent;
            this.id = id;
        }
    }

    /**
     * A state: the stacks (frames whose position is a byte range), whether the text can end here, and the
     * transitions computed so far (per byte: the next state, {@link #DEAD}, or {@link #UNKNOWN}).
     */
    private static final class State {
        final Frame[] frames;
        final boolean accepting;
        final boolean live;
        final int[] next = new int[256];

        State(Frame[] frames, boolean accepting) {
            this.frames = frames;
            this.accepting = accepting;
            this.live = frames.length > 0;
            Arrays.fill(next, UNKNOWN);
        }
    }

    private record StateKey(int[] ids, boolean accepting) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StateKey k && k.accepting == accepting && Arrays.equals(k.ids, ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids) * 2 + (accepting ? 1 : 0);
        }
    }

    /** Expands frames until every stack's top is a byte range; collects the result as a state. */
    private final class Closure {
        private final List<Frame> out = new ArrayList<>(4);
        private final int mark = ++epoch;
        private boolean accepting;

        void add(Frame f) {
            if (f == null) {
                accepting = true;
                return;
            }
            if (f.seen == mark) {
                return;
            }
            f.seen = mark;
            int e = grammar.element(f.pos);
            if (e >= 0) {
                out.add(f);
                return;
            }
            Frame cont = norm(f.pos + 1, f.parent);
            for (int start : grammar.alternatives(-e - 1)) {
                add(norm(start, cont));
            }
        }

        boolean empty() {
            return out.isEmpty() && !accepting;
        }

        int state() {
            out.sort((a, b) -> Integer.compare(a.id, b.id));
            int[] ids = new int[out.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = out.get(i).id;
            }
            StateKey key = new StateKey(ids, accepting);
            Integer id = stateIndex.get(key);
            if (id != null) {
                return id;
            }
            states.add(new State(out.toArray(Frame[]::new), accepting));
            stateIndex.put(key, states.size() - 1);
            return states.size() - 1;
        }
    }
}
