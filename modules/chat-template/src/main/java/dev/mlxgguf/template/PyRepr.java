package dev.mlxgguf.template;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code str()} and {@code repr()} of template values, which is what {@code {{ value }}} prints:
 * {@code True}, {@code None}, {@code ['a', 1]}, {@code {'k': 'v'}}, {@code (1,)}, {@code 1e-05}.
 */
final class PyRepr {
    /**
     * The largest text one printed container may produce. Containers can share elements, so a small list
     * may print as a huge string; this bounds the memory before the render's output limit applies.
     */
    static final int MAX_REPR_CHARS = 16 << 20;

    private PyRepr() {
    }

    /**
     * Python {@code str(value)}; an undefined value gives "".
     *
     * @param value the value
     * @return the text
     */
    static String str(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> s;
            case Undefined ignored -> "";
            default -> repr(value, 0);
        };
    }

    /**
     * Python {@code repr(value)}.
     *
     * @param value the value
     * @return the text
     */
    static String repr(Object value) {
        return repr(value, 0);
    }

    private static String repr(Object value, int depth) {
        if (depth > Session.MAX_VALUE_DEPTH) {
            throw PyException.limit("value nested too deeply to print");
        }
        return switch (value) {
            case null -> "None";
            case Boolean b -> b ? "True" : "False";
            case Long l -> Long.toString(l);
            case Double d -> floatRepr(d);
            case String s -> strRepr(s);
            case List<?> list -> sequence("[", list, "]", depth);
            case PyTuple t -> t.items().size() == 1
                    ? "(" + repr(t.items().getFirst(), depth + 1) + ",)"
                    : sequence("(", t.items(), ")", depth);
            case Map<?, ?> map -> mapping(map, depth);
            case DictView v -> v.typeName() + "(" + sequence("[", v.items(), "]", depth) + ")";
            case Undefined ignored -> "Undefined";
            case Namespace ns -> "<Namespace " + mapping(ns.attributes(), depth) + ">";
            case LoopContext loop -> "<LoopContext " + loop.index() + "/" + loop.length() + ">";
            case Macro m -> "<Macro " + strRepr(m.name()) + ">";
            case BuiltinFunction f -> "<built-in function " + f.name() + ">";
            case BoundMethod m -> "<built-in method " + m.name() + " of " + PyObjects.typeName(m.self()) + " object>";
            case PyIterator it -> "<" + it.typeName() + " object>";
            default -> throw new IllegalStateException("not a template value: " + value.getClass().getName());
        };
    }

    private static String sequence(String open, List<?> items, String close, int depth) {
        StringBuilder out = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(repr(items.get(i), depth + 1));
            checkLength(out);
        }
        return out.append(close).toString();
    }

    private static String mapping(Map<?, ?> map, int depth) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            out.append(repr(e.getKey(), depth + 1)).append(": ").append(repr(e.getValue(), depth + 1));
            checkLength(out);
        }
        return out.append('}').toString();
    }

    private static void checkLength(StringBuilder out) {
        if (out.length() > MAX_REPR_CHARS) {
            throw PyException.limit("value too large to print (over " + MAX_REPR_CHARS + " characters)");
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest round-tripping digits, in exponent form when the decimal
     * exponent is below -4 or at least 16 ({@code 1e-05}, {@code 1e+16}), else positional with at least one
     * fractional digit ({@code 1.0}).
     *
     * @param d the value
     * @return the text
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        // Java's Double.toString yields the shortest round-tripping digits (JDK 19+), as Python's repr does.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int decpt = digits.length() - exact.scale();
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= digits.length()) {
                out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
            return out.toString();
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        int exp = decpt - 1;
        out.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10) {
            out.append('0');
        }
        return out.append(abs).toString();
    }

    /**
     * Python's {@code repr(str)}: single quotes unless the text has a single quote and no double quote;
     * backslash escapes for the quote, backslash, {@code \t \n \r} and non-printable code points.
     *
     * @param s the string
     * @return the quoted text
     */
    static String strRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                out.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                out.append("\\t");
            } else if (cp == '\n') {
                out.append("\\n");
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp < 0x20 || cp == 0x7F) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7F || isPrintable(cp)) {
                out.appendCodePoint(cp);
            } else if (cp < 0x100) {
                out.append(String.format("\\x%02x", cp));
            } else if (cp < 0x10000) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.append(String.format("\\U%08x", cp));
            }
        }
        return out.append(quote).toString();
    }

    /** {@return Python's {@code str.isprintable()} for one non-ASCII code point} */
    static boolean isPrintable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR -> cp == ' ';
            default -> true;
        };
    }
}
