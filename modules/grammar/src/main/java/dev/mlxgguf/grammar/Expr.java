package dev.mlxgguf.grammar;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A grammar expression over Unicode text, the form every grammar source builds before {@link Grammar}
 * lowers it to bytes. Immutable records.
 */
public sealed interface Expr permits Expr.Seq, Expr.Alt, Expr.Chars, Expr.Lit, Expr.Ref, Expr.Repeat {

    /** The expression that matches only the empty string. */
    Expr EMPTY = new Seq(List.of());

    /** The expression that matches nothing. */
    Expr NOTHING = new Alt(List.of());

    /** @param parts matched one after another */
    record Seq(List<Expr> parts) implements Expr {
        /** Copies. */
        public Seq {
            parts = List.copyOf(parts);
        }
    }

    /** @param options any one of them (none: matches nothing) */
    record Alt(List<Expr> options) implements Expr {
        /** Copies. */
        public Alt {
            options = List.copyOf(options);
        }
    }

    /** @param set one code point of the set */
    record Chars(CodePoints set) implements Expr {
        /** Checks. */
        public Chars {
            Objects.requireNonNull(set);
        }
    }

    /** @param utf8 these bytes exactly */
    record Lit(byte[] utf8) implements Expr {
        /** Copies. */
        public Lit {
            utf8 = utf8.clone();
        }
    }

    /** @param rule the named rule */
    record Ref(String rule) implements Expr {
        /** Checks. */
        public Ref {
            Objects.requireNonNull(rule);
        }
    }

    /**
     * @param body repeated
     * @param min  at least this many times
     * @param max  at most this many times; -1 = unbounded
     */
    record Repeat(Expr body, int min, int max) implements Expr {
        /** Checks. */
        public Repeat {
            if (min < 0 || (max >= 0 && max < min)) {
                throw new IllegalArgumentException("repeat {" + min + "," + max + "}");
            }
        }
    }

    /** @param parts in order @return their sequence (one part stays itself) */
    static Expr seq(Expr... parts) {
        return parts.length == 1 ? parts[0] : new Seq(List.of(parts));
    }

    /** @param options the options @return their alternation (one option stays itself) */
    static Expr alt(List<Expr> options) {
        return options.size() == 1 ? options.getFirst() : new Alt(options);
    }

    /** @param options the options @return their alternation */
    static Expr alt(Expr... options) {
        return alt(List.of(options));
    }

    /** @param text literal text @return the expression matching its UTF-8 bytes */
    static Expr lit(String text) {
        return new Lit(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @param e the expression @return it or nothing */
    static Expr optional(Expr e) {
        return new Repeat(e, 0, 1);
    }

    /** @param lo first @param hi last @return one code point of the range */
    static Expr range(int lo, int hi) {
        return new Chars(CodePoints.range(lo, hi));
    }
}
