package dev.mlxgguf.template;

/**
 * Decodes the body of a string literal as jinja2 does:
 * {@code body.encode("ascii", "backslashreplace").decode("unicode-escape")}, i.e. Python escapes
 * ({@code \n \t \\ \' \xhh}, {@code &#92;uhhhh}, {@code &#92;Uhhhhhhhh}, octal, backslash-newline) with unknown escapes kept as
 * written.
 */
final class StringEscapes {

    private StringEscapes() {
    }

    /**
     * Decodes a literal body.
     *
     * @param body the text between the quotes
     * @param line the line, for errors
     * @return the string value
     * @throws PyException a syntax error for a truncated {@code \x}, {@code &#92;u} or {@code &#92;U} escape
     */
    static String decode(String body, int line) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder out = new StringBuilder(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case '\n' -> { }
                case '\\' -> out.append('\\');
                case '\'' -> out.append('\'');
                case '"' -> out.append('"');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000B');
                case 'x' -> i = hex(body, i, 2, out, line);
                case 'u' -> i = hex(body, i, 4, out, line);
                case 'U' -> i = hex(body, i, 8, out, line);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int end = i - 1;
                        while (end < body.length() && end < i + 2 && body.charAt(end) >= '0' && body.charAt(end) <= '7') {
                            end++;
                        }
                        out.appendCodePoint(Integer.parseInt(body.substring(i - 1, end), 8));
                        i = end;
                    } else if (e >= 0x80) {
                        // backslashreplace turned the non-ASCII character into an escape of its own, which the
                        // decoder then reads after the literal backslash.
                        int cp = body.codePointAt(i - 1);
                        out.append('\\').append(cp < 0x100 ? String.format("x%02x", cp)
                                : cp < 0x10000 ? String.format("u%04x", cp) : String.format("U%08x", cp));
                        i = i - 1 + Character.charCount(cp);
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int hex(String body, int at, int digits, StringBuilder out, int line) {
        if (at + digits > body.length()) {
            throw PyException.syntax("truncated \\" + (digits == 2 ? "x" : digits == 4 ? "u" : "U") + " escape", line);
        }
        String hex = body.substring(at, at + digits);
        for (int k = 0; k < hex.length(); k++) {
            if (Character.digit(hex.charAt(k), 16) < 0 || hex.charAt(k) >= 128) {
                throw PyException.syntax("truncated \\" + (digits == 2 ? "xXX" : digits == 4 ? "uXXXX" : "UXXXXXXXX")
                        + " escape", line);
            }
        }
        int cp = Integer.parseInt(hex, 16);
        if (cp > Character.MAX_CODE_POINT) {
            throw PyException.syntax("illegal Unicode character", line);
        }
        out.appendCodePoint(cp);
        return at + digits;
    }
}
