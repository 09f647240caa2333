package dev.mlxgguf.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits template source into tokens exactly as jinja2's lexer does with {@code trim_blocks=True} and
 * {@code lstrip_blocks=True} (the Hugging Face settings): {@code \r\n} and {@code \r} become {@code \n};
 * one trailing newline is dropped; a {@code -} just inside a tag delimiter (<code>&#123;%-</code>,
 * <code>-%&#125;</code>, and likewise for <code>&#123;&#123;</code> and <code>&#123;#</code>) strips the
 * whitespace next to it; a block or comment tag eats the newline after it; and whitespace from the start
 * of a line up to a block or comment tag is removed unless the tag opens with <code>&#123;%+</code>.
 */
final class Lexer {
    private static final String[] OPERATORS = {"**", "//", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~",
        "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"};

    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private boolean lineStarting = true;

    private Lexer(String source) {
        this.src = normalize(source);
    }

    /**
     * Tokenizes a template.
     *
     * @param source the template source
     * @return the tokens, ending with {@link Token.Kind#EOF}
     * @throws PyException a syntax error for an unterminated comment or raw block or an unexpected character
     */
    static List<Token> tokenize(String source) {
        Lexer lexer = new Lexer(source);
        lexer.root();
        lexer.tokens.add(new Token(Token.Kind.EOF, "", null, lexer.line));
        return lexer.tokens;
    }

    private static String normalize(String source) {
        String s = source.replace("\r\n", "\n").replace('\r', '\n');
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private void root() {
        int n = src.length();
        while (pos < n) {
            int tag = nextTag(pos);
            if (tag < 0) {
                emitData(src.substring(pos), line);
                advanceTo(n);
                return;
            }
            char kind = src.charAt(tag + 1);
            int afterOpen = tag + 2;
            char sign = afterOpen < n && (src.charAt(afterOpen) == '-' || src.charAt(afterOpen) == '+')
                    ? src.charAt(afterOpen) : 0;
            int rawEnd = kind == '%' ? rawBegin(afterOpen + (sign != 0 ? 1 : 0)) : -1;
            emitData(stripBefore(src.substring(pos, tag), sign, kind != '{'), line);
            advanceTo(tag);
            if (rawEnd >= 0) {
                advanceTo(rawEnd);
                lineStarting = src.charAt(rawEnd - 1) == '\n';
                raw();
                continue;
            }
            advanceTo(afterOpen + (sign != 0 ? 1 : 0));
            lineStarting = false;
            switch (kind) {
                case '#' -> comment();
                case '%' -> tag(Token.Kind.BLOCK_BEGIN, Token.Kind.BLOCK_END, "{%");
                default -> tag(Token.Kind.VARIABLE_BEGIN, Token.Kind.VARIABLE_END, "{{");
            }
        }
    }

    private int nextTag(int from) {
        for (int i = src.indexOf('{', from); i >= 0 && i + 1 < src.length(); i = src.indexOf('{', i + 1)) {
            char c = src.charAt(i + 1);
            if (c == '{' || c == '%' || c == '#') {
                return i;
            }
        }
        return -1;
    }

    /** Applies {@code -} stripping or lstrip_blocks to the text before a tag. */
    private String stripBefore(String text, char sign, boolean lstrippable) {
        if (sign == '-') {
            return PyStr.strip(text, null, false, true);
        }
        if (sign != '+' && lstrippable) {
            int lineStart = text.lastIndexOf('\n') + 1;
            if ((lineStart > 0 || lineStarting) && lineStart < text.length() && allSpace(text, lineStart)) {
                return text.substring(0, lineStart);
            }
        }
        return text;
    }

    private static boolean allSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (!PyStr.isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Returns the end of a {@code {% raw %}} opener whose {@code {%} (and sign) ends at {@code at}, or -1. */
    private int rawBegin(int at) {
        int i = skipSpace(at);
        if (!src.startsWith("raw", i)) {
            return -1;
        }
        i = skipSpace(i + 3);
        if (src.startsWith("-%}", i)) {
            return skipSpace(i + 3);
        }
        return src.startsWith("%}", i) ? i + 2 : -1;
    }

    private void raw() {
        int startLine = line;
        for (int i = src.indexOf("{%", pos); i >= 0; i = src.indexOf("{%", i + 1)) {
            int j = i + 2;
            char sign = j < src.length() && (src.charAt(j) == '-' || src.charAt(j) == '+') ? src.charAt(j) : 0;
            int k = skipSpace(j + (sign != 0 ? 1 : 0));
            if (!src.startsWith("endraw", k)) {
                continue;
            }
            int end = blockEnd(skipSpace(k + 6));
            if (end < 0) {
                continue;
            }
            emitData(stripBefore(src.substring(pos, i), sign, true), startLine);
            advanceTo(end);
            lineStarting = src.charAt(end - 1) == '\n';
            return;
        }
        throw PyException.syntax("Missing end of raw directive", startLine);
    }

    /** Returns the end of a block-end delimiter at {@code i} with its whitespace handling, or -1. */
    private int blockEnd(int i) {
        if (src.startsWith("+%}", i)) {
            return i + 3;
        }
        if (src.startsWith("-%}", i)) {
            return skipSpace(i + 3);
        }
        if (src.startsWith("%}", i)) {
            return i + 2 < src.length() && src.charAt(i + 2) == '\n' ? i + 3 : i + 2;
        }
        return -1;
    }

    private void comment() {
        int startLine = line;
        for (int i = pos; i < src.length(); i++) {
            int end;
            if (src.startsWith("+#}", i)) {
                end = i + 3;
            } else if (src.startsWith("-#}", i)) {
                end = skipSpace(i + 3);
            } else if (src.startsWith("#}", i)) {
                end = i + 2 < src.length() && src.charAt(i + 2) == '\n' ? i + 3 : i + 2;
            } else {
                continue;
            }
            advanceTo(end);
            lineStarting = src.charAt(end - 1) == '\n';
            return;
        }
        throw PyException.syntax("Missing end of comment tag", startLine);
    }

    private void tag(Token.Kind begin, Token.Kind endKind, String open) {
        tokens.add(new Token(begin, open, null, line));
        Deque<Character> balance = new ArrayDeque<>();
        int n = src.length();
        while (pos < n) {
            if (balance.isEmpty()) {
                int end = endKind == Token.Kind.BLOCK_END ? blockEnd(pos) : variableEnd(pos);
                if (end >= 0) {
                    tokens.add(new Token(endKind, src.substring(pos, end), null, line));
                    advanceTo(end);
                    lineStarting = src.charAt(end - 1) == '\n';
                    return;
                }
            }
            char c = src.charAt(pos);
            if (PyStr.isSpace(c)) {
                advanceTo(skipSpace(pos));
            } else if (!number() && !name() && !string()) {
                operator(balance);
            }
        }
    }

    private int variableEnd(int i) {
        if (src.startsWith("-}}", i)) {
            return skipSpace(i + 3);
        }
        return src.startsWith("}}", i) ? i + 2 : -1;
    }

    private boolean number() {
        Token t = NumberLiterals.scan(src, pos, line);
        if (t == null) {
            return false;
        }
        tokens.add(t);
        advanceTo(pos + t.text().length());
        return true;
    }

    private boolean name() {
        int cp = src.codePointAt(pos);
        if (cp != '_' && !Character.isLetter(cp)) {
            return false;
        }
        int i = pos + Character.charCount(cp);
        while (i < src.length()) {
            int c = src.codePointAt(i);
            if (c != '_' && !Character.isLetterOrDigit(c) && Character.getType(c) != Character.NON_SPACING_MARK
                    && Character.getType(c) != Character.COMBINING_SPACING_MARK) {
                break;
            }
            i += Character.charCount(c);
        }
        String text = src.substring(pos, i);
        tokens.add(new Token(Token.Kind.NAME, text, null, line));
        advanceTo(i);
        return true;
    }

    private boolean string() {
        char quote = src.charAt(pos);
        if (quote != '\'' && quote != '"') {
            return false;
        }
        int i = pos + 1;
        while (i < src.length() && src.charAt(i) != quote) {
            i += src.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= src.length()) {
            return false;
        }
        String body = src.substring(pos + 1, i);
        tokens.add(new Token(Token.Kind.STRING, src.substring(pos, i + 1), StringEscapes.decode(body, line), line));
        advanceTo(i + 1);
        return true;
    }

    private void operator(Deque<Character> balance) {
        for (String op : OPERATORS) {
            if (!src.startsWith(op, pos)) {
                continue;
            }
            switch (op) {
                case "{" -> balance.push('}');
                case "(" -> balance.push(')');
                case "[" -> balance.push(']');
                case "}", ")", "]" -> {
                    if (balance.isEmpty()) {
                        throw PyException.syntax("unexpected '" + op + "'", line);
                    }
                    char expected = balance.pop();
                    if (expected != op.charAt(0)) {
                        throw PyException.syntax("unexpected '" + op + "', expected '" + expected + "'", line);
                    }
                }
                default -> {
                }
            }
            tokens.add(new Token(Token.Kind.OPERATOR, op, null, line));
            advanceTo(pos + op.length());
            return;
        }
        throw PyException.syntax("unexpected char " + PyRepr.strRepr(Character.toString(src.codePointAt(pos)))
                + " at " + pos, line);
    }

    private int skipSpace(int i) {
        int j = i;
        while (j < src.length() && PyStr.isSpace(src.charAt(j))) {
            j++;
        }
        return j;
    }

    private void emitData(String text, int atLine) {
        if (!text.isEmpty()) {
            tokens.add(new Token(Token.Kind.DATA, text, text, atLine));
        }
    }

    /** Moves to {@code to}, counting the newlines passed. */
    private void advanceTo(int to) {
        for (int i = pos; i < to; i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
        pos = to;
    }
}
