package dev.mlxgguf.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Python string formatting: printf-style {@code str % args} (also the {@code format} filter) and
 * {@code str.format(...)}. Supports the conversions templates use: {@code s r d i f F e E g G x X o c %},
 * flags {@code - + space 0 #}, width, precision, {@code %(name)s}; and for {@code str.format}, auto,
 * numbered and named fields with {@code .attr}/{@code [key]} access, {@code !r}/{@code !s} and the format
 * mini-language ({@code [[fill]align][sign][#][0][width][,][.precision][type]}).
 */
final class PyFormat {

    private PyFormat() {
    }

    /**
     * {@code fmt % args}.
     *
     * @param session the render
     * @param fmt     the format
     * @param args    a tuple of arguments, a dict for {@code %(name)s}, or a single argument
     * @return the formatted string
     */
    static String percent(Session session, String fmt, Object args) {
        List<Object> values = args instanceof PyTuple t ? t.items() : List.of(args == null ? NONE : args);
        Map<?, ?> mapping = args instanceof Map<?, ?> m ? m : null;
        // CPython treats any non-tuple argument with __getitem__ as a mapping: no "not all converted" error.
        boolean mappingLike = mapping != null || args instanceof List || args instanceof Undefined;
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= fmt.length()) {
                throw PyException.valueError("incomplete format");
            }
            Object value = null;
            boolean keyed = false;
            if (fmt.charAt(i) == '(') {
                int close = fmt.indexOf(')', i);
                if (mapping == null || close < 0) {
                    throw PyException.typeError("format requires a mapping");
                }
                value = PyObjects.dictGet(mapping, fmt.substring(i + 1, close), PyObjects.MISSING);
                if (value == PyObjects.MISSING) {
                    throw PyException.of("KeyError", PyRepr.strRepr(fmt.substring(i + 1, close)));
                }
                keyed = true;
                i = close + 1;
            }
            Spec spec = new Spec();
            while (i < fmt.length() && "-+ #0".indexOf(fmt.charAt(i)) >= 0) {
                spec.flag(fmt.charAt(i++));
            }
            int start = i;
            while (i < fmt.length() && isAsciiDigit(fmt.charAt(i))) {
                i++;
            }
            spec.width = start < i ? digitsValue(fmt.substring(start, i)) : 0;
            if (i < fmt.length() && fmt.charAt(i) == '.') {
                start = ++i;
                while (i < fmt.length() && isAsciiDigit(fmt.charAt(i))) {
                    i++;
                }
                spec.precision = start < i ? digitsValue(fmt.substring(start, i)) : 0;
            }
            if (i >= fmt.length()) {
                throw PyException.valueError("incomplete format");
            }
            spec.type = fmt.charAt(i++);
            if (spec.type == '%') {
                out.append('%');
                continue;
            }
            if (!keyed) {
                if (mapping != null && values.size() == 1 && values.getFirst() == mapping) {
                    value = mapping;
                    next = 1;
                } else {
                    if (next >= values.size()) {
                        throw PyException.typeError("not enough arguments for format string");
                    }
                    value = values.get(next++);
                }
            }
            session.checkSize((long) out.length() + spec.width + Math.max(0, spec.precision));
            out.append(convert(spec, value == NONE ? null : value));
        }
        if (!mappingLike && next < values.size()) {
            throw PyException.typeError("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static final Object NONE = new Object();

    /** {@return whether the character is one of {@code 0-9}} */
    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Parses a run of ASCII digits, saturating at {@code Integer.MAX_VALUE} (which the size checks then reject).
     *
     * @param text the digits
     * @return the value
     */
    static int digitsValue(String text) {
        long v = 0;
        for (int k = 0; k < text.length(); k++) {
            v = Math.min(Integer.MAX_VALUE, v * 10 + (text.charAt(k) - '0'));
        }
        return (int) v;
    }

    /** A conversion spec shared by both syntaxes. */
    static final class Spec {
        char fill = ' ';
        char align;
        char sign = '-';
        boolean alternate;
        boolean zero;
        boolean grouping;
        int width;
        int precision = -1;
        char type;

        void flag(char f) {
            switch (f) {
                case '-' -> align = '<';
                case '+' -> sign = '+';
                case ' ' -> sign = sign == '+' ? '+' : ' ';
                case '#' -> alternate = true;
                default -> zero = true;
            }
        }
    }

    private static String convert(Spec spec, Object value) {
        String body = switch (spec.type) {
            case 's' -> truncate(PyRepr.str(value), spec.precision);
            case 'r', 'a' -> truncate(PyRepr.repr(value), spec.precision);
            case 'd', 'i', 'u' -> signed(spec, integer(value, spec.type), 10);
            case 'x', 'X', 'o' -> signed(spec, strictInteger(value, spec.type), spec.type == 'o' ? 8 : 16);
            case 'f', 'F', 'e', 'E', 'g', 'G' -> floating(spec, number(value, spec.type));
            case 'c' -> value instanceof String s && PyStr.length(s) == 1 ? s
                    : Character.toString((int) PyObjects.asLong(strictInteger(value, 'c')));
            default -> throw PyException.valueError("unsupported format character '" + spec.type + "'");
        };
        return pad(spec, body, spec.align == '<' ? '<' : '>');
    }

    private static String truncate(String s, int precision) {
        return precision >= 0 && precision < PyStr.length(s) ? s.substring(0, s.offsetByCodePoints(0, precision)) : s;
    }

    private static long integer(Object value, char type) {
        if (value instanceof Double d) {
            return (long) (double) d;
        }
        if (value instanceof String s) {
            Double d = PyNumbers.toFloat(s);
            if (d == null) {
                throw PyException.typeError("%" + type + " format: a real number is required, not str");
            }
        }
        return PyObjects.asLong(strictInteger(value, type));
    }

    private static Object strictInteger(Object value, char type) {
        if (!PyObjects.isInt(value)) {
            throw PyException.typeError("%" + type + " format: an integer is required, not " + PyObjects.typeName(value));
        }
        return value;
    }

    private static double number(Object value, char type) {
        if (!PyObjects.isNumber(value)) {
            throw PyException.typeError("must be real number, not " + PyObjects.typeName(value));
        }
        return PyObjects.asDouble(value);
    }

    private static String signed(Spec spec, Object value, int radix) {
        long v = PyObjects.asLong(value);
        String digits = Long.toString(Math.abs(v), radix);
        if (v == Long.MIN_VALUE) {
            digits = digits.substring(1);
        }
        if (spec.grouping && radix == 10) {
            digits = String.format("%,d", Math.abs(v));
        }
        if (spec.type == 'X') {
            digits = digits.toUpperCase(java.util.Locale.ROOT);
        }
        String prefix = spec.alternate && radix != 10 ? (radix == 8 ? "0o" : spec.type == 'X' ? "0X" : "0x") : "";
        return signOf(spec, v < 0) + prefix + digits;
    }

    private static String signOf(Spec spec, boolean negative) {
        return negative ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    }

    private static String floating(Spec spec, double d) {
        boolean negative = d < 0 || d == 0 && 1 / d < 0;
        double a = Math.abs(d);
        String body;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            negative = !Double.isNaN(d) && d < 0;
            if (Character.isUpperCase(spec.type)) {
                body = body.toUpperCase(java.util.Locale.ROOT);
            }
            return signOf(spec, negative) + body;
        }
        int p = spec.precision < 0 ? 6 : spec.precision;
        body = switch (Character.toLowerCase(spec.type)) {
            case 'f' -> fixed(a, p, spec.grouping);
            case 'e' -> exponent(a, p);
            case '%' -> fixed(a * 100, p, spec.grouping) + "%";
            default -> general(a, p == 0 ? 1 : p, spec.alternate);
        };
        if (Character.isUpperCase(spec.type)) {
            body = body.toUpperCase(java.util.Locale.ROOT);
        }
        return signOf(spec, negative) + body;
    }

    private static String fixed(double a, int p, boolean grouping) {
        BigDecimal v = new BigDecimal(a).setScale(p, RoundingMode.HALF_EVEN);
        if (!grouping) {
            return v.toPlainString();
        }
        String plain = v.toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        return String.format("%,d", new java.math.BigInteger(whole)) + (dot < 0 ? "" : plain.substring(dot));
    }

    private static String exponent(double a, int p) {
        if (a == 0) {
            return (p > 0 ? "0." + "0".repeat(p) : "0") + "e+00";
        }
        BigDecimal v = new BigDecimal(a).round(new MathContext(p + 1, RoundingMode.HALF_EVEN));
        int exp = v.precision() - v.scale() - 1;
        String digits = v.unscaledValue().toString();
        digits = (digits + "0".repeat(Math.max(0, p + 1 - digits.length()))).substring(0, p + 1);
        String mantissa = p > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits.substring(0, 1);
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String general(double a, int p, boolean alternate) {
        if (a == 0) {
            return alternate ? "0." + "0".repeat(p - 1) : "0";
        }
        String e = exponent(a, p - 1);
        int exp = Integer.parseInt(e.substring(e.indexOf('e') + 1));
        String body = exp >= -4 && exp < p ? fixed(a, p - 1 - exp, false) : e;
        if (alternate) {
            return body;
        }
        int ePos = body.indexOf('e');
        String mantissa = ePos < 0 ? body : body.substring(0, ePos);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "");
            if (mantissa.endsWith(".")) {
                mantissa = mantissa.substring(0, mantissa.length() - 1);
            }
        }
        return mantissa + (ePos < 0 ? "" : body.substring(ePos));
    }

    private static String pad(Spec spec, String body, char align) {
        int len = PyStr.length(body);
        if (spec.width <= len) {
            return body;
        }
        if (spec.zero && spec.align != '<' && "sra".indexOf(spec.type) < 0 && spec.type != 'c') {
            int signLen = !body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0 ? 1 : 0;
            return body.substring(0, signLen) + "0".repeat(spec.width - len) + body.substring(signLen);
        }
        return PyStr.pad(body, spec.width, Character.toString(spec.fill), align);
    }

    /**
     * {@code fmt.format(*args, **kwargs)}.
     *
     * @param session the render
     * @param fmt     the format
     * @param args    the arguments
     * @return the formatted string
     */
    static String format(Session session, String fmt, Args args) {
        return StrFormat.format(session, fmt, args);
    }

    /**
     * Applies a format-mini-language spec to a value, as {@code format(value, spec)} does.
     *
     * @param session the render
     * @param value   the value
     * @param specText the spec after the colon
     * @return the formatted text
     */
    static String formatValue(Session session, Object value, String specText) {
        if (specText.isEmpty()) {
            return PyRepr.str(value);
        }
        Spec spec = StrFormat.parseSpec(specText);
        session.checkSize((long) spec.width + Math.max(0, spec.precision));
        boolean number = PyObjects.isNumber(value);
        if (spec.type == 0) {
            spec.type = value instanceof String ? 's' : value instanceof Double ? 'g' : number ? 'd' : 's';
        }
        if (spec.type == 's' && !(value instanceof String)) {
            throw PyException.typeError("unsupported format string passed to " + PyObjects.typeName(value) + ".__format__");
        }
        String body = switch (spec.type) {
            case 's' -> truncate((String) value, spec.precision);
            case 'd', 'n' -> signed(spec, strictInteger(value, 'd'), 10);
            case 'x', 'X', 'o' -> signed(spec, strictInteger(value, spec.type), spec.type == 'o' ? 8 : 16);
            case 'b' -> signOf(spec, PyObjects.asLong(strictInteger(value, 'b')) < 0) + (spec.alternate ? "0b" : "")
                    + Long.toBinaryString(Math.abs(PyObjects.asLong(value)));
            case 'c' -> Character.toString((int) PyObjects.asLong(strictInteger(value, 'c')));
            default -> floating(spec, number(value, spec.type));
        };
        char align = spec.align != 0 ? spec.align : number ? '>' : '<';
        if (align == '=') {
            spec.zero = true;
            spec.align = '>';
        }
        return pad(spec, body, align);
    }
}
