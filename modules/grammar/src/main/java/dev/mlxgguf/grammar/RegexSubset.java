package dev.mlxgguf.grammar;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the regular-expression subset allowed in a schema's {@code pattern} into an expression over the
 * string's characters (not yet JSON-escaped): literals, {@code .} (any character but a line feed), escapes
 * (backslash d D w W s S t n r f v, u with 4 and x with 2 hex digits) and escaped punctuation, classes {@code [...]} and
 * {@code [^...]} with ranges and those escapes, groups {@code (...)} and {@code (?:...)}, {@code |},
 * quantifiers {@code * + ? {n} {n,} {n,m}} (a lazy {@code ?} after one is accepted: it does not change which
 * strings match), {@code ^} at the start and {@code $} at the end. The generated string matches the whole
 * pattern, so it contains a match as JSON Schema requires. Backreferences, lookaround, word boundaries,
 * named groups and flags are refused. Stateless.
 */
final class RegexSubset {

    private static final CodePoints DIGITS = CodePoints.range('0', '9');
    private static final CodePoints WORD = CodePoints.of(new int[] {'0', '9', 'A', 'Z', 'a', 'z', '_', '_'});
    // \s generates only what every dialect calls space; \S and . avoid what any dialect calls space or a line end
    private static final CodePoints ASCII_SPACE = CodePoints.of(new int[] {' ', ' ', '\t', '\r', 0x0B, 0x0C, '\n', '\n'});
    private static final CodePoints LINE_ENDS = CodePoints.of(new int[] {'\n', '\n', '\r', '\r', 0x85, 0x85, 0x2028, 0x2029});
    private static final CodePoints SPACE = CodePoints.of(new int[] {' ', ' ', '\t', '\r', 0x0B, 0x0C, 0x85, 0x85,
            0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029, 0x202F, 0x202F, 0x205F, 0x205F,
            0x3000, 0x3000, 0xFEFF, 0xFEFF, '\n', '\n'});

    private final String src;
    private int pos;

    private RegexSubset(String src) {
        this.src = src;
    }

    /**
     * @param pattern the pattern
     * @return the expression over characters
     * @throws IllegalArgumentException naming the unsupported construct or the syntax error
     */
    static Expr parse(String pattern) {
        RegexSubset r = new RegexSubset(pattern);
        if (r.peek('^')) {
            r.pos++;
        }
        Expr e = r.alternation();
        if (r.pos < r.src.length()) {
            throw new IllegalArgumentException("unexpected '" + r.src.charAt(r.pos) + "' at offset " + r.pos);
        }
        return e;
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private Expr alternation() {
        List<Expr> options = new ArrayList<>();
        options.add(sequence());
        while (peek('|')) {
            pos++;
            options.add(sequence());
        }
        return Expr.alt(options);
    }

    private Expr sequence() {
        List<Expr> parts = new ArrayList<>();
        while (pos < src.length() && !peek('|') && !peek(')')) {
            if (peek('$')) {
                pos++;
                if (pos != src.length()) {
                    throw new IllegalArgumentException("$ is supported only at the end of the pattern");
                }
                break;
            }
            Expr atom = atom();
            parts.add(quantified(atom));
        }
        return parts.size() == 1 ? parts.getFirst() : new Expr.Seq(parts);
    }

    private Expr quantified(Expr atom) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            int min;
            int max;
            if (c == '*') {
                min = 0;
                max = -1;
                pos++;
            } else if (c == '+') {
                min = 1;
                max = -1;
                pos++;
            } else if (c == '?') {
                min = 0;
                max = 1;
                pos++;
            } else if (c == '{' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
                int close = src.indexOf('}', pos);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated {n,m} at offset " + pos);
                }
                String body = src.substring(pos + 1, close);
                try {
                    int comma = body.indexOf(',');
                    if (comma < 0) {
                        min = max = Integer.parseInt(body);
                    } else {
                        min = Integer.parseInt(body.substring(0, comma));
                        max = comma == body.length() - 1 ? -1 : Integer.parseInt(body.substring(comma + 1));
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad quantifier {" + body + "}");
                }
                if (min > 10_000 || max > 10_000 || (max >= 0 && max < min)) {
                    throw new IllegalArgumentException("quantifier {" + body + "} out of range (at most 10000, max >= min)");
                }
                pos = close + 1;
            } else {
                return atom;
            }
            if (peek('?')) {
                pos++; // lazy: same set of whole matches
            } else if (peek('+')) {
                throw new IllegalArgumentException("possessive quantifiers are not supported");
            }
            atom = new Expr.Repeat(atom, min, max);
        }
        return atom;
    }

    private Expr atom() {
        char c = src.charAt(pos);
        switch (c) {
            case '(' -> {
                pos++;
                if (peek('?')) {
                    if (pos + 1 < src.length() && src.charAt(pos + 1) == ':') {
                        pos += 2;
                    } else {
                        throw new IllegalArgumentException("lookaround, named groups and flags ((?...)) are not supported");
                    }
                }
                Expr inner = alternation();
                if (!peek(')')) {
                    throw new IllegalArgumentException("unbalanced parenthesis");
                }
                pos++;
                return inner;
            }
            case '[' -> {
                return new Expr.Chars(charClass());
            }
            case '.' -> {
                pos++;
                return new Expr.Chars(LINE_ENDS.complement());
            }
            case '\\' -> {
                pos++;
                return new Expr.Chars(escape(false));
            }
            case '*', '+', '?', ')' -> throw new IllegalArgumentException("'" + c + "' at offset " + pos + " follows nothing");
            case '^' -> throw new IllegalArgumentException("^ is supported only at the start of the pattern");
            default -> {
                int cp = src.codePointAt(pos);
                pos += Character.charCount(cp);
                return new Expr.Chars(CodePoints.single(cp));
            }
        }
    }

    private CodePoints charClass() {
        pos++;
        boolean negated = peek('^');
        if (negated) {
            pos++;
        }
        CodePoints set = CodePoints.none();
        boolean first = true;
        while (pos < src.length() && (first || !peek(']'))) {
            first = false;
            CodePoints lo = classAtom();
            if (peek('-') && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
                pos++;
                CodePoints hi = classAtom();
                int a = single(lo);
                int b = single(hi);
                if (b < a) {
                    throw new IllegalArgumentException("character range out of order");
                }
                set = set.union(CodePoints.range(a, b));
            } else {
                set = set.union(lo);
            }
        }
        if (!peek(']')) {
            throw new IllegalArgumentException("unterminated character class");
        }
        pos++;
        return negated ? set.complement() : set;
    }

    private static int single(CodePoints p) {
        int[] r = p.ranges();
        if (r.length != 2 || r[0] != r[1]) {
            throw new IllegalArgumentException("a class escape cannot bound a range");
        }
        return r[0];
    }

    private CodePoints classAtom() {
        if (peek('\\')) {
            pos++;
            return escape(true);
        }
        if (peek('[') && pos + 1 < src.length() && src.charAt(pos + 1) == ':') {
            throw new IllegalArgumentException("POSIX classes ([:...:]) are not supported");
        }
        int cp = src.codePointAt(pos);
        pos += Character.charCount(cp);
        return CodePoints.single(cp);
    }

    private CodePoints escape(boolean inClass) {
        if (pos >= src.length()) {
            throw new IllegalArgumentException("pattern ends with \\");
        }
        char e = src.charAt(pos++);
        return switch (e) {
            case 'd' -> DIGITS;
            case 'D' -> DIGITS.complement();
            case 'w' -> WORD;
            case 'W' -> WORD.complement();
            case 's' -> ASCII_SPACE;
            case 'S' -> SPACE.complement();
            case 't' -> CodePoints.single('\t');
            case 'n' -> CodePoints.single('\n');
            case 'r' -> CodePoints.single('\r');
            case 'f' -> CodePoints.single('\f');
            case 'v' -> CodePoints.single(0x0B);
            case '0' -> CodePoints.single(0);
            case 'u' -> CodePoints.single(hex(4));
            case 'x' -> CodePoints.single(hex(2));
            case 'b' -> {
                if (inClass) {
                    yield CodePoints.single('\b');
                }
                throw new IllegalArgumentException("word boundaries (\\b) are not supported");
            }
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw new IllegalArgumentException("\\" + e + " is not supported (backreferences, \\p classes "
                            + "and anchors other than ^ and $ are outside the subset)");
                }
                yield CodePoints.single(e);
            }
        };
    }

    private int hex(int n) {
        if (pos + n > src.length()) {
            throw new IllegalArgumentException("expected " + n + " hex digits");
        }
        try {
            int v = Integer.parseInt(src.substring(pos, pos + n), 16);
            pos += n;
            return v;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("expected " + n + " hex digits");
        }
    }
}
