package dev.mlxgguf.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled grammar: rules of alternatives, each alternative a sequence of elements that are either one
 * byte in a range or a reference to a rule. Every source (JSON Schema, GBNF) lowers to this one form, which
 * {@link TokenMatcher} runs as a pushdown automaton. Built only from grammars it can run: every referenced
 * rule is defined, and no rule is left-recursive (a rule that can reach itself without consuming a byte).
 *
 * <p>Immutable and thread-safe.
 */
public final class Grammar {

    /** The element that ends an alternative. */
    static final int END = Integer.MIN_VALUE;
    /** The most elements a grammar may have. */
    static final int MAX_ELEMENTS = 4_000_000;

    private final int[] code;
    private final int[][] alternatives;
    private final String[] names;
    private final int root;

    private Grammar(int[] code, int[][] alternatives, String[] names, int root) {
        this.code = code;
        this.alternatives = alternatives;
        this.names = names;
        this.root = root;
    }

    /**
     * Lowers named rules to the byte form.
     *
     * @param rules the rules in definition order
     * @param root  the start rule
     * @return the grammar
     * @throws GrammarException if a rule is missing, left-recursive, or the grammar is too large
     */
    public static Grammar of(Map<String, Expr> rules, String root) {
        return new Lowering(rules).build(root);
    }

    /** {@return the start rule} */
    int root() {
        return root;
    }

    /** @param position an element position @return the element there */
    int element(int position) {
        return code[position];
    }

    /** @param rule a rule @return the start positions of its alternatives */
    int[] alternatives(int rule) {
        return alternatives[rule];
    }

    /** {@return the number of elements (a size measure)} */
    public int size() {
        return code.length;
    }

    /** {@return the number of rules} */
    public int rules() {
        return alternatives.length;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < alternatives.length; r++) {
            b.append(names[r]).append(" ::=");
            for (int i = 0; i < alternatives[r].length; i++) {
                b.append(i == 0 ? " " : " | ");
                for (int p = alternatives[r][i]; code[p] != END; p++) {
                    int e = code[p];
                    if (e >= 0) {
                        b.append(String.format("[%02x-%02x] ", e & 0xFF, e >> 8));
                    } else {
                        b.append(names[-e - 1]).append(' ');
                    }
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Lowers {@link Expr} rules; one use. */
    private static final class Lowering {
        private final Map<String, Expr> source;
        private final Map<String, Integer> index = new LinkedHashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<List<int[]>> rules = new ArrayList<>();
        private final Map<CodePoints, Integer> charRules = new HashMap<>();
        private long elements;

        Lowering(Map<String, Expr> source) {
            this.source = source;
            for (String name : source.keySet()) {
                declare(name);
            }
        }

        Grammar build(String rootName) {
            Integer root = index.get(rootName);
            if (root == null) {
                throw new GrammarException("the grammar has no rule named " + rootName, "");
            }
            for (Map.Entry<String, Expr> e : source.entrySet()) {
                define(index.get(e.getKey()), e.getValue());
            }
            int total = 0;
            for (List<int[]> alts : rules) {
                if (alts == null) {
                    throw new IllegalStateException("undefined anonymous rule");
                }
                for (int[] a : alts) {
                    total += a.length + 1;
                }
            }
            int[] code = new int[total];
            int[][] starts = new int[rules.size()][];
            int p = 0;
            for (int r = 0; r < rules.size(); r++) {
                List<int[]> alts = rules.get(r);
                starts[r] = new int[alts.size()];
                for (int i = 0; i < alts.size(); i++) {
                    starts[r][i] = p;
                    System.arraycopy(alts.get(i), 0, code, p, alts.get(i).length);
                    p += alts.get(i).length;
                    code[p++] = END;
                }
            }
            Grammar g = new Grammar(code, starts, names.toArray(String[]::new), root);
            checkLeftRecursion(g);
            return g;
        }

        private int declare(String name) {
            int id = names.size();
            index.put(name, id);
            names.add(name);
            rules.add(null);
            return id;
        }

        private int anonymous(String hint) {
            return declare(hint + "-" + names.size());
        }

        private void define(int rule, Expr e) {
            List<int[]> alts = new ArrayList<>();
            List<Expr> options = e instanceof Expr.Alt a ? a.options() : List.of(e);
            for (Expr o : options) {
                alts.add(sequence(o, names.get(rule)));
            }
            rules.set(rule, alts);
        }

        private int[] sequence(Expr e, String hint) {
            IntList out = new IntList();
            append(e, out, hint);
            return out.toArray();
        }

        private void append(Expr e, IntList out, String hint) {
            switch (e) {
                case Expr.Seq s -> s.parts().forEach(p -> append(p, out, hint));
                case Expr.Lit l -> {
                    for (byte b : l.utf8()) {
                        out.add((b & 0xFF) | (b & 0xFF) << 8);
                    }
                }
                case Expr.Ref r -> {
                    Integer id = index.get(r.rule());
                    if (id == null || !source.containsKey(r.rule())) {
                        throw new GrammarException("undefined rule " + r.rule(), "");
                    }
                    out.add(-id - 1);
                }
                case Expr.Chars c -> appendChars(c.set(), out, hint);
                case Expr.Alt a -> {
                    if (a.options().size() == 1) {
                        append(a.options().getFirst(), out, hint);
                    } else {
                        int id = anonymous(hint);
                        define(id, a);
                        out.add(-id - 1);
                    }
                }
                case Expr.Repeat r -> appendRepeat(r, out, hint);
            }
            grow(out.size());
        }

        private void appendChars(CodePoints set, IntList out, String hint) {
            int[] ranges = set.ranges();
            List<int[]> seqs = new ArrayList<>();
            for (int i = 0; i < ranges.length; i += 2) {
                seqs.addAll(Utf8Ranges.split(ranges[i], ranges[i + 1]));
            }
            if (seqs.size() == 1) {
                for (int b : seqs.getFirst()) {
                    out.add(b);
                }
                return;
            }
            Integer id = charRules.get(set);
            if (id == null) {
                id = anonymous(hint + "-char");
                charRules.put(set, id);
                rules.set(id, seqs); // an empty set: a rule without alternatives, matching nothing
            }
            out.add(-id - 1);
        }

        private void appendRepeat(Expr.Repeat r, IntList out, String hint) {
            int[] body = sequence(r.body(), hint);
            if (body.length != 1) {
                int id = anonymous(hint);
                rules.set(id, List.of(body));
                body = new int[] {-id - 1};
            }
            for (int i = 0; i < r.min(); i++) {
                out.addAll(body);
                grow(out.size());
            }
            if (r.max() == -1) {
                int star = anonymous(hint + "-star");
                int[] loop = Arrays.copyOf(body, body.length + 1);
                loop[body.length] = -star - 1;
                rules.set(star, List.of(loop, new int[0]));
                out.add(-star - 1);
            } else if (r.max() > r.min()) {
                int previous = -1;
                for (int k = 0; k < r.max() - r.min(); k++) {
                    int opt = anonymous(hint + "-opt");
                    int[] take = previous < 0 ? body : Arrays.copyOf(body, body.length + 1);
                    if (previous >= 0) {
                        take[body.length] = -previous - 1;
                    }
                    rules.set(opt, List.of(take, new int[0]));
                    previous = opt;
                    grow(2);
                }
                out.add(-previous - 1);
            }
        }

        private void grow(long n) {
            elements += n;
            if (elements > MAX_ELEMENTS) {
                throw new GrammarException("the grammar is too large (over " + MAX_ELEMENTS
                        + " elements once repetitions are expanded)", "");
            }
        }
    }

    private static void checkLeftRecursion(Grammar g) {
        int n = g.alternatives.length;
        boolean[] nullable = new boolean[n];
        for (boolean changed = true; changed; ) {
            changed = false;
            for (int r = 0; r < n; r++) {
                if (nullable[r]) {
                    continue;
                }
                for (int start : g.alternatives[r]) {
                    boolean all = true;
                    for (int p = start; g.code[p] != END && all; p++) {
                        int e = g.code[p];
                        all = e < 0 && nullable[-e - 1];
                    }
                    if (all) {
                        nullable[r] = true;
                        changed = true;
                        break;
                    }
                }
            }
        }
        int[][] firsts = new int[n][];
        for (int r = 0; r < n; r++) {
            IntList f = new IntList();
            for (int start : g.alternatives[r]) {
                for (int p = start; g.code[p] != END; p++) {
                    int e = g.code[p];
                    if (e >= 0) {
                        break;
                    }
                    f.add(-e - 1);
                    if (!nullable[-e - 1]) {
                        break;
                    }
                }
            }
            firsts[r] = f.toArray();
        }
        byte[] color = new byte[n]; // 0 new, 1 on the path, 2 done
        for (int r = 0; r < n; r++) {
            if (color[r] == 0) {
                visit(r, firsts, color, g);
            }
        }
    }

    private static void visit(int start, int[][] firsts, byte[] color, Grammar g) {
        // iterative depth-first search: deep chains of optional repeats would overflow the Java stack
        int[] stack = new int[firsts.length + 1];
        int[] next = new int[firsts.length + 1];
        int top = 0;
        stack[0] = start;
        color[start] = 1;
        while (top >= 0) {
            int r = stack[top];
            if (next[top] < firsts[r].length) {
                int s = firsts[r][next[top]++];
                if (color[s] == 1) {
                    throw new GrammarException("rule " + g.names[s] + " is left-recursive (it can reach itself "
                            + "without matching any text)", "");
                }
                if (color[s] == 0) {
                    color[s] = 1;
                    stack[++top] = s;
                    next[top] = 0;
                }
            } else {
                color[r] = 2;
                top--;
            }
        }
    }

    /** A growable int array. */
    static final class IntList {
        private int[] a = new int[8];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int size() {
            return n;
        }

        int get(int i) {
            return a[i];
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
