package dev.mlxgguf.template;

/**
 * Number literals as jinja2's lexer reads them: {@code float_re} (digits with {@code _} separators, a
 * fraction and/or exponent, not preceded by a dot) is tried before {@code integer_re} ({@code 0b..},
 * {@code 0o..}, {@code 0x..}, {@code [1-9](_?\d)*}, {@code 0(_?0)*}).
 */
final class NumberLiterals {

    private NumberLiterals() {
    }

    /**
     * Scans a number literal.
     *
     * @param src  the normalized source
     * @param pos  where the literal would start
     * @param line the current line
     * @return the {@link Token.Kind#FLOAT} or {@link Token.Kind#INTEGER} token, or {@code null} when no
     *         number starts here
     * @throws PyException a syntax error for an integer that does not fit in 64 bits
     */
    static Token scan(String src, int pos, int line) {
        if (!isDigit(src, pos)) {
            return null;
        }
        int end = floatEnd(src, pos);
        if (end > 0) {
            String text = src.substring(pos, end);
            return new Token(Token.Kind.FLOAT, text, Double.parseDouble(text.replace("_", "")), line);
        }
        // jinja2's integer_re: 0b.., 0o.., 0x.., [1-9](_?\d)*, 0(_?0)*, tried in that order.
        int radix = 10;
        int digitsStart = pos;
        end = -1;
        if (src.charAt(pos) == '0' && pos + 1 < src.length()) {
            radix = switch (src.charAt(pos + 1)) {
                case 'b', 'B' -> 2;
                case 'o', 'O' -> 8;
                case 'x', 'X' -> 16;
                default -> 10;
            };
            if (radix != 10) {
                digitsStart = pos + 2;
                end = underscoredRun(src, digitsStart, radix, false);
                if (end < 0) {
                    radix = 10;
                    digitsStart = pos;
                }
            }
        }
        if (end < 0) {
            boolean zero = src.charAt(pos) == '0';
            int rest = underscoredRun(src, pos + 1, 10, zero);
            end = rest < 0 ? pos + 1 : rest;
        }
        String text = src.substring(pos, end);
        try {
            long value = Long.parseLong(src.substring(digitsStart, end).replace("_", ""), radix);
            return new Token(Token.Kind.INTEGER, text, value, line);
        } catch (NumberFormatException e) {
            throw PyException.syntax("integer literal too large: " + text, line);
        }
    }

    /** Matches {@code (_?digit)+} at {@code i}; returns its end or -1. */
    private static int underscoredRun(String src, int i, int radix, boolean zerosOnly) {
        int j = i;
        boolean any = false;
        while (true) {
            int k = j < src.length() && src.charAt(j) == '_' ? j + 1 : j;
            if (k >= src.length() || !isDigitOf(src.charAt(k), radix) || zerosOnly && src.charAt(k) != '0') {
                return any ? j : -1;
            }
            j = k + 1;
            any = true;
        }
    }

    private static boolean isDigitOf(char c, int radix) {
        return c < 128 && Character.digit(c, radix) >= 0;
    }

    /** Returns the end of a float literal at {@code pos}, or -1 (jinja2's {@code float_re}). */
    private static int floatEnd(String src, int pos) {
        if (pos > 0 && src.charAt(pos - 1) == '.') {
            return -1;
        }
        int d1 = digitsEnd(src, pos);
        if (d1 < src.length() && src.charAt(d1) == '.') {
            int d2 = digitsEnd(src, d1 + 1);
            if (d2 > d1 + 1) {
                int e = exponentEnd(src, d2);
                return e > 0 ? e : d2;
            }
        }
        return exponentEnd(src, d1);
    }

    private static int digitsEnd(String src, int i) {
        int j = i;
        while (isDigit(src, j) || j < src.length() && src.charAt(j) == '_' && j > i && isDigit(src, j + 1)) {
            j++;
        }
        return j;
    }

    private static int exponentEnd(String src, int i) {
        if (i >= src.length() || (src.charAt(i) != 'e' && src.charAt(i) != 'E')) {
            return -1;
        }
        int j = i + 1;
        if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
            j++;
        }
        int end = digitsEnd(src, j);
        return end > j ? end : -1;
    }

    private static boolean isDigit(String src, int i) {
        return i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '9';
    }
}
