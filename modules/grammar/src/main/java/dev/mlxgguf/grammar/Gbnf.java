package dev.mlxgguf.grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses llama.cpp's GBNF grammar syntax (the {@code grammar} request field of llama-server): rules
 * {@code name ::= alternatives}, a rule named {@code root}, literals {@code "..."}, character classes
 * {@code [a-z]} and {@code [^...]}, {@code .}, groups, {@code * + ?} and {@code {m}}, {@code {m,}},
 * {@code {m,n}}, escapes (backslash x, u and U with 2, 4 and 8 hex digits, t, r, n, backslash, quote, brackets, hyphen) and {@code #} comments. As in llama.cpp,
 * a rule ends at a line break outside parentheses, and {@code |} continues it. Token references
 * ({@code <...>}) are refused. Stateless; thread-safe.
 */
public final class Gbnf {

    private final String src;
    private final Map<String, Expr> rules = new LinkedHashMap<>();
    private final Map<String, Integer> referencedAt = new LinkedHashMap<>();
    private int pos;

    private Gbnf(String src) {
        this.src = src;
    }

    /**
     * @param text the grammar text
     * @return the compiled grammar (start rule {@code root})
     * @throws GrammarException with {@code line L column C} on a syntax error, an undefined rule, a missing
     *                          {@code root} rule or left recursion
     */
    public static Grammar parse(String text) {
        Gbnf p = new Gbnf(text);
        p.parseRules();
        for (Map.Entry<String, Integer> r : p.referencedAt.entrySet()) {
            if (!p.rules.containsKey(r.getKey())) {
                throw p.error("undefined rule " + r.getKey(), r.getValue());
            }
        }
        if (!p.rules.containsKey("root")) {
            throw new GrammarException("the grammar has no root rule", "");
        }
        return Grammar.of(p.rules, "root");
    }

    private void parseRules() {
        space(true);
        while (pos < src.length()) {
            int at = pos;
            String name = name();
            space(false);
            if (!src.startsWith("::=", pos)) {
                throw error("expected ::= after the rule name " + name, pos);
            }
            pos += 3;
            space(true);
            Expr body = alternates(false);
            if (rules.containsKey(name)) {
                throw error("rule " + name + " is defined twice", at);
            }
            rules.put(name, body);
            if (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                throw error("expected the end of the rule, found '" + src.charAt(pos) + "'", pos);
            }
            space(true);
        }
    }

    private Expr alternates(boolean nested) {
        List<Expr> options = new ArrayList<>();
        options.add(sequence(nested));
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            space(true);
            options.add(sequence(nested));
        }
        return Expr.alt(options);
    }

    private Expr sequence(boolean nested) {
        List<Expr> parts = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            int at = pos;
            if (c == '"') {
                pos++;
                StringBuilder lit = new StringBuilder();
                while (pos < src.length() && src.charAt(pos) != '"') {
                    lit.appendCodePoint(character());
                }
                expect('"', "an unterminated literal", at);
                parts.add(Expr.lit(lit.toString()));
            } else if (c == '[') {
                parts.add(charClass());
            } else if (wordChar(c)) {
                String name = name();
                referencedAt.putIfAbsent(name, at);
                parts.add(new Expr.Ref(name));
            } else if (c == '(') {
                pos++;
                space(true);
                Expr inner = alternates(true);
                expect(')', "a group without its closing parenthesis", at);
                parts.add(inner);
            } else if (c == '.') {
                pos++;
                parts.add(new Expr.Chars(CodePoints.all()));
            } else if (c == '*' || c == '+' || c == '?' || c == '{') {
                if (parts.isEmpty()) {
                    throw error("'" + c + "' follows nothing", at);
                }
                parts.set(parts.size() - 1, repetition(parts.getLast()));
            } else if (c == '<') {
                throw error("token references (<...>) are not supported", at);
            } else {
                break;
            }
            space(nested);
        }
        return parts.size() == 1 ? parts.getFirst() : new Expr.Seq(parts);
    }

    private Expr repetition(Expr body) {
        char c = src.charAt(pos++);
        return switch (c) {
            case '*' -> new Expr.Repeat(body, 0, -1);
            case '+' -> new Expr.Repeat(body, 1, -1);
            case '?' -> new Expr.Repeat(body, 0, 1);
            default -> {
                int at = pos - 1;
                space(false);
                int min = number(at);
                space(false);
                int max = min;
                if (pos < src.length() && src.charAt(pos) == ',') {
                    pos++;
                    space(false);
                    max = pos < src.length() && Character.isDigit(src.charAt(pos)) ? number(at) : -1;
                    space(false);
                }
                expect('}', "a repetition without its closing brace", at);
                if (max >= 0 && max < min) {
                    throw error("repetition {" + min + "," + max + "} has max < min", at);
                }
                yield new Expr.Repeat(body, min, max);
            }
        };
    }

    private int number(int at) {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (start == pos || pos - start > 6) {
            throw error("expected a repetition count below 1000000", at);
        }
        return Integer.parseInt(src.substring(start, pos));
    }

    private Expr charClass() {
        int at = pos;
        pos++;
        boolean negated = pos < src.length() && src.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        List<Integer> pairs = new ArrayList<>();
        while (pos < src.length() && src.charAt(pos) != ']') {
            int lo = character();
            int hi = lo;
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                pos++;
                hi = character();
                if (hi < lo) {
                    throw error("character range with its end before its start", at);
                }
            }
            pairs.add(lo);
            pairs.add(hi);
        }
        expect(']', "an unterminated character class", at);
        CodePoints set = CodePoints.of(pairs.stream().mapToInt(Integer::intValue).toArray());
        return new Expr.Chars(negated ? set.complement() : set);
    }

    private int character() {
        if (pos >= src.length()) {
            throw error("unexpected end of the grammar", pos);
        }
        int c = src.codePointAt(pos);
        if (c != '\\') {
            pos += Character.charCount(c);
            return c;
        }
        int at = pos;
        pos++;
        if (pos >= src.length()) {
            throw error("unexpected end of the grammar after \\", at);
        }
        char e = src.charAt(pos++);
        return switch (e) {
            case 'x' -> hex(2, at);
            case 'u' -> hex(4, at);
            case 'U' -> hex(8, at);
            case 't' -> '\t';
            case 'r' -> '\r';
            case 'n' -> '\n';
            case '\\', '"', '[', ']', '-', '^' -> e;
            default -> throw error("unknown escape \\" + e, at);
        };
    }

    private int hex(int digits, int at) {
        if (pos + digits > src.length()) {
            throw error("expected " + digits + " hex digits", at);
        }
        int v;
        try {
            v = Integer.parseUnsignedInt(src.substring(pos, pos + digits), 16);
        } catch (NumberFormatException e) {
            throw error("expected " + digits + " hex digits", at);
        }
        pos += digits;
        if (v > CodePoints.MAX || (v >= 0xD800 && v <= 0xDFFF)) {
            throw error("escape outside the Unicode scalar values", at);
        }
        return v;
    }

    private String name() {
        int start = pos;
        while (pos < src.length() && wordChar(src.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a rule name", pos);
        }
        return src.substring(start, pos);
    }

    private void expect(char c, String what, int at) {
        if (pos >= src.length() || src.charAt(pos) != c) {
            throw error(what, at);
        }
        pos++;
    }

    private void space(boolean newlines) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private GrammarException error(String message, int at) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < at && i < src.length(); i++) {
            if (src.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new GrammarException(message, "line " + line + " column " + col);
    }
}
