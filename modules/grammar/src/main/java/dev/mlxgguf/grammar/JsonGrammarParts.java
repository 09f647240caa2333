package dev.mlxgguf.grammar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The JSON building blocks a schema grammar is made of: bounded whitespace, strings (characters encoded as
 * JSON writes them), numbers, any value, and the string formats. Each is a named rule added to a rule map
 * on first use. Not thread-safe: belongs to one compilation.
 */
final class JsonGrammarParts {

    /** Characters that appear in a JSON string without an escape. */
    static final CodePoints PLAIN = CodePoints.of(new int[] {0x20, 0x10FFFF}).minus(CodePoints.of(new int[] {'"', '"', '\\', '\\'}));

    private static final Expr HEX = new Expr.Chars(CodePoints.of(new int[] {'0', '9', 'a', 'f', 'A', 'F'}));
    private static final Expr LOWER_HEX = new Expr.Chars(CodePoints.of(new int[] {'0', '9', 'a', 'f'}));
    private static final Expr DIGIT = Expr.range('0', '9');

    private final Map<String, Expr> rules;

    JsonGrammarParts(Map<String, Expr> rules) {
        this.rules = rules;
    }

    private Expr rule(String name, Supplier<Expr> body) {
        if (!rules.containsKey(name)) {
            rules.put(name, Expr.EMPTY); // reserve the name (recursion)
            rules.put(name, body.get());
        }
        return new Expr.Ref(name);
    }

    /** {@return optional whitespace: nothing, one space, or a line break and up to 20 spaces or tabs} */
    Expr ws() {
        return rule("ws", () -> Expr.alt(Expr.EMPTY, Expr.lit(" "),
                Expr.seq(Expr.lit("\n"), new Expr.Repeat(new Expr.Chars(CodePoints.of(new int[] {' ', ' ', '\t', '\t'})), 0, 20))));
    }

    /** {@return one character of a JSON string as JSON writes it (plain, or an escape of a non-surrogate)} */
    Expr stringChar() {
        return rule("char", () -> Expr.alt(new Expr.Chars(PLAIN),
                Expr.seq(Expr.lit("\\"), Expr.alt(new Expr.Chars(CodePoints.of(new int[] {'"', '"', '\\', '\\', '/', '/',
                        'b', 'b', 'f', 'f', 'n', 'n', 'r', 'r', 't', 't'})), Expr.seq(Expr.lit("u"), nonSurrogateHex())))));
    }

    private Expr nonSurrogateHex() {
        // four hex digits outside D800-DFFF: a lone surrogate is not a character
        Expr notD = new Expr.Chars(CodePoints.of(new int[] {'0', '9', 'a', 'c', 'A', 'C', 'e', 'f', 'E', 'F'}));
        return Expr.alt(Expr.seq(notD, HEX, HEX, HEX),
                Expr.seq(new Expr.Chars(CodePoints.of(new int[] {'d', 'd', 'D', 'D'})), Expr.range('0', '7'), HEX, HEX));
    }

    /**
     * @param min fewest characters
     * @param max most characters, -1 = unbounded
     * @return a JSON string of that many characters
     */
    Expr string(int min, int max) {
        Expr body = new Expr.Repeat(stringChar(), min, max);
        if (min == 0 && max == -1) {
            return rule("string", () -> Expr.seq(Expr.lit("\""), body, Expr.lit("\"")));
        }
        return Expr.seq(Expr.lit("\""), body, Expr.lit("\""));
    }

    /** {@return any JSON number (no exponent)} */
    Expr number() {
        return rule("number", () -> NumberRanges.decimals(null, false, null, false));
    }

    /** {@return any JSON integer} */
    Expr integer() {
        return rule("integer", () -> NumberRanges.integers(null, null));
    }

    /** {@return true or false} */
    Expr bool() {
        return rule("boolean", () -> Expr.alt(Expr.lit("true"), Expr.lit("false")));
    }

    /** {@return any JSON value} */
    Expr value() {
        return rule("value", () -> Expr.alt(object(), array(), string(0, -1), number(), bool(), Expr.lit("null")));
    }

    /** {@return any JSON object} */
    Expr object() {
        return rule("object", () -> {
            Expr member = Expr.seq(string(0, -1), ws(), Expr.lit(":"), ws(), value(), ws());
            return Expr.seq(Expr.lit("{"), ws(), Expr.optional(Expr.seq(member,
                    new Expr.Repeat(Expr.seq(Expr.lit(","), ws(), member), 0, -1))), Expr.lit("}"));
        });
    }

    /** {@return any JSON array} */
    Expr array() {
        return rule("array", () -> {
            Expr item = Expr.seq(value(), ws());
            return Expr.seq(Expr.lit("["), ws(), Expr.optional(Expr.seq(item,
                    new Expr.Repeat(Expr.seq(Expr.lit(","), ws(), item), 0, -1))), Expr.lit("]"));
        });
    }

    /**
     * @param format a {@code format} value
     * @return the quoted string of that format, or null if the format is not supported
     */
    Expr format(String format) {
        return switch (format) {
            case "date" -> quoted(rule("date", JsonGrammarParts::date));
            case "time" -> quoted(rule("time", JsonGrammarParts::time));
            case "date-time" -> quoted(rule("date-time", () -> Expr.seq(new Expr.Ref("date"), Expr.lit("T"), new Expr.Ref("time"))),
                    () -> {
                        rule("date", JsonGrammarParts::date);
                        rule("time", JsonGrammarParts::time);
                    });
            case "uuid" -> quoted(rule("uuid", () -> Expr.seq(new Expr.Repeat(LOWER_HEX, 8, 8), Expr.lit("-"),
                    new Expr.Repeat(LOWER_HEX, 4, 4), Expr.lit("-"), new Expr.Repeat(LOWER_HEX, 4, 4), Expr.lit("-"),
                    new Expr.Repeat(LOWER_HEX, 4, 4), Expr.lit("-"), new Expr.Repeat(LOWER_HEX, 12, 12))));
            case "email" -> quoted(rule("email", () -> {
                Expr atom = new Expr.Repeat(new Expr.Chars(CodePoints.of(new int[] {'a', 'z', '0', '9'})), 1, 16);
                // a plain mailbox under a common top-level domain (validators check the TLD against IANA's list)
                return Expr.seq(atom, Expr.optional(Expr.seq(Expr.lit("."), atom)), Expr.lit("@"), Expr.range('a', 'z'),
                        new Expr.Repeat(new Expr.Chars(CodePoints.of(new int[] {'a', 'z', '0', '9'})), 0, 15), Expr.lit("."),
                        Expr.alt(Expr.lit("com"), Expr.lit("org"), Expr.lit("net"), Expr.lit("io"), Expr.lit("dev")));
            }));
            case "ipv4" -> quoted(rule("ipv4", () -> {
                Expr octet = Expr.alt(DIGIT, Expr.seq(Expr.range('1', '9'), DIGIT),
                        Expr.seq(Expr.lit("1"), DIGIT, DIGIT), Expr.seq(Expr.lit("2"), Expr.range('0', '4'), DIGIT),
                        Expr.seq(Expr.lit("25"), Expr.range('0', '5')));
                return Expr.seq(octet, Expr.lit("."), octet, Expr.lit("."), octet, Expr.lit("."), octet);
            }));
            default -> null;
        };
    }

    private static Expr quoted(Expr e) {
        return Expr.seq(Expr.lit("\""), e, Expr.lit("\""));
    }

    private static Expr quoted(Expr e, Runnable alsoDefine) {
        alsoDefine.run();
        return quoted(e);
    }

    private static Expr date() {
        Expr day31 = Expr.alt(Expr.seq(Expr.lit("0"), Expr.range('1', '9')), Expr.seq(Expr.range('1', '2'), DIGIT),
                Expr.seq(Expr.lit("3"), Expr.range('0', '1')));
        Expr day30 = Expr.alt(Expr.seq(Expr.lit("0"), Expr.range('1', '9')), Expr.seq(Expr.range('1', '2'), DIGIT),
                Expr.lit("30"));
        Expr day28 = Expr.alt(Expr.seq(Expr.lit("0"), Expr.range('1', '9')), Expr.seq(Expr.lit("1"), DIGIT),
                Expr.seq(Expr.lit("2"), Expr.range('0', '8')));
        Expr long31 = Expr.alt(Expr.seq(Expr.lit("0"), new Expr.Chars(CodePoints.of(new int[] {'1', '1', '3', '3', '5', '5', '7', '8'}))),
                Expr.seq(Expr.lit("1"), new Expr.Chars(CodePoints.of(new int[] {'0', '0', '2', '2'}))));
        Expr short30 = Expr.alt(Expr.seq(Expr.lit("0"), new Expr.Chars(CodePoints.of(new int[] {'4', '4', '6', '6', '9', '9'}))),
                Expr.lit("11"));
        return Expr.seq(Expr.range('1', '9'), new Expr.Repeat(DIGIT, 3, 3), Expr.lit("-"),
                Expr.alt(Expr.seq(long31, Expr.lit("-"), day31), Expr.seq(short30, Expr.lit("-"), day30),
                        Expr.seq(Expr.lit("02-"), day28)));
    }

    private static Expr time() {
        Expr hour = Expr.alt(Expr.seq(Expr.range('0', '1'), DIGIT), Expr.seq(Expr.lit("2"), Expr.range('0', '3')));
        Expr sixty = Expr.seq(Expr.range('0', '5'), DIGIT);
        // offsets within +-13:59 (java.time and its kin refuse offsets past 18:00)
        Expr offsetHour = Expr.alt(Expr.seq(Expr.lit("0"), DIGIT), Expr.seq(Expr.lit("1"), Expr.range('0', '3')));
        return Expr.seq(hour, Expr.lit(":"), sixty, Expr.lit(":"), sixty,
                Expr.optional(Expr.seq(Expr.lit("."), new Expr.Repeat(DIGIT, 1, 6))),
                Expr.alt(Expr.lit("Z"), Expr.seq(new Expr.Chars(CodePoints.of(new int[] {'+', '+', '-', '-'})), offsetHour,
                        Expr.lit(":"), sixty)));
    }

    /**
     * Rewrites an expression over string characters into one over their JSON encoding: plain characters stay,
     * a quote, backslash or control character becomes its escape.
     *
     * @param e an expression over characters (literals, classes, sequences, alternatives, repeats)
     * @return the encoded expression
     */
    static Expr encoded(Expr e) {
        return switch (e) {
            case Expr.Seq s -> new Expr.Seq(s.parts().stream().map(JsonGrammarParts::encoded).toList());
            case Expr.Alt a -> new Expr.Alt(a.options().stream().map(JsonGrammarParts::encoded).toList());
            case Expr.Repeat r -> new Expr.Repeat(encoded(r.body()), r.min(), r.max());
            case Expr.Lit l -> Expr.lit(escape(new String(l.utf8(), StandardCharsets.UTF_8)));
            case Expr.Chars c -> {
                List<Expr> options = new ArrayList<>();
                CodePoints plain = c.set().intersect(PLAIN);
                if (!plain.isEmpty()) {
                    options.add(new Expr.Chars(plain));
                }
                CodePoints special = c.set().minus(PLAIN);
                int[] r = special.ranges();
                for (int i = 0; i < r.length; i += 2) {
                    for (int cp = r[i]; cp <= r[i + 1]; cp++) {
                        options.add(Expr.lit(escape(new String(Character.toChars(cp)))));
                    }
                }
                yield Expr.alt(options);
            }
            case Expr.Ref ref -> throw new IllegalArgumentException("a rule reference inside a pattern");
        };
    }

    /** @param s text @return its JSON string encoding without the quotes (as JSON-P writes it) */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (cp < 0x20) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.appendCodePoint(cp);
                    }
                }
            }
        });
        return b.toString();
    }
}
