package dev.mlxgguf.template;

import java.util.List;

/** Python's {@code str.format}: replacement-field parsing on top of {@link PyFormat#formatValue}. */
final class StrFormat {

    private StrFormat() {
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
        StringBuilder out = new StringBuilder();
        int auto = 0;
        int i = 0;
        while (i < fmt.length()) {
            char c = fmt.charAt(i);
            if (c == '}') {
                if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '}') {
                    out.append('}');
                    i += 2;
                    continue;
                }
                throw PyException.valueError("Single '}' encountered in format string");
            }
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < fmt.length() && fmt.charAt(i + 1) == '{') {
                out.append('{');
                i += 2;
                continue;
            }
            int end = fieldEnd(fmt, i + 1);
            String field = fmt.substring(i + 1, end);
            i = end + 1;
            int colon = topLevel(field, ':');
            String spec = colon < 0 ? "" : field.substring(colon + 1);
            String head = colon < 0 ? field : field.substring(0, colon);
            char conversion = 0;
            int bang = topLevel(head, '!');
            if (bang >= 0) {
                conversion = bang + 1 < head.length() ? head.charAt(bang + 1) : 0;
                head = head.substring(0, bang);
            }
            if (spec.indexOf('{') >= 0) {
                spec = format(session, spec, args);
            }
            int nameEnd = 0;
            while (nameEnd < head.length() && head.charAt(nameEnd) != '.' && head.charAt(nameEnd) != '[') {
                nameEnd++;
            }
            String name = head.substring(0, nameEnd);
            Object value;
            if (name.isEmpty()) {
                value = positional(args, auto++);
            } else if (name.chars().allMatch(d -> PyFormat.isAsciiDigit((char) d))) {
                value = positional(args, PyFormat.digitsValue(name));
            } else {
                value = args.keywords().getOrDefault(name, PyObjects.MISSING);
                if (value == PyObjects.MISSING) {
                    throw PyException.of("KeyError", PyRepr.strRepr(name));
                }
            }
            value = access(session, value, head.substring(nameEnd));
            if (conversion == 'r' || conversion == 'a') {
                value = PyRepr.repr(value);
            } else if (conversion == 's') {
                value = PyRepr.str(value);
            }
            out.append(PyFormat.formatValue(session, value, spec));
            session.checkSize(out.length());
        }
        return out.toString();
    }

    private static int fieldEnd(String fmt, int from) {
        int depth = 1;
        for (int j = from; j < fmt.length(); j++) {
            char c = fmt.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        throw PyException.valueError("expected '}' before end of string");
    }

    private static int topLevel(String field, char target) {
        int depth = 0;
        for (int j = 0; j < field.length(); j++) {
            char c = field.charAt(j);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            } else if (c == target && depth == 0) {
                return j;
            }
        }
        return -1;
    }

    private static Object positional(Args args, int index) {
        List<Object> p = args.positional();
        if (index >= p.size()) {
            throw PyException.of("IndexError", "Replacement index " + index + " out of range for positional args tuple");
        }
        return p.get(index);
    }

    private static Object access(Session session, Object value, String chain) {
        Object v = value;
        int j = 0;
        while (j < chain.length()) {
            if (chain.charAt(j) == '.') {
                int k = j + 1;
                while (k < chain.length() && chain.charAt(k) != '.' && chain.charAt(k) != '[') {
                    k++;
                }
                v = PyAccess.getattr(session, v, chain.substring(j + 1, k));
                j = k;
            } else {
                int close = chain.indexOf(']', j);
                if (close < 0) {
                    throw PyException.valueError("Missing ']' in format string");
                }
                String key = chain.substring(j + 1, close);
                Object k = !key.isEmpty() && key.chars().allMatch(c -> PyFormat.isAsciiDigit((char) c)) ? (Object) (long) PyFormat.digitsValue(key) : key;
                v = PyAccess.getitem(session, v, k);
                j = close + 1;
            }
        }
        return v;
    }

    /**
     * Parses {@code [[fill]align][sign][#][0][width][,][.precision][type]}.
     *
     * @param text the spec
     * @return the spec
     */
    static PyFormat.Spec parseSpec(String text) {
        PyFormat.Spec spec = new PyFormat.Spec();
        int i = 0;
        if (text.length() >= 2 && "<>^=".indexOf(text.charAt(1)) >= 0) {
            spec.fill = text.charAt(0);
            spec.align = text.charAt(1);
            i = 2;
        } else if (!text.isEmpty() && "<>^=".indexOf(text.charAt(0)) >= 0) {
            spec.align = text.charAt(0);
            i = 1;
        }
        if (i < text.length() && "+- ".indexOf(text.charAt(i)) >= 0) {
            spec.sign = text.charAt(i++);
        }
        if (i < text.length() && text.charAt(i) == '#') {
            spec.alternate = true;
            i++;
        }
        if (i < text.length() && text.charAt(i) == '0') {
            spec.zero = true;
            i++;
        }
        int start = i;
        while (i < text.length() && PyFormat.isAsciiDigit(text.charAt(i))) {
            i++;
        }
        spec.width = start < i ? PyFormat.digitsValue(text.substring(start, i)) : 0;
        if (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == '_')) {
            spec.grouping = true;
            i++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            start = ++i;
            while (i < text.length() && PyFormat.isAsciiDigit(text.charAt(i))) {
                i++;
            }
            spec.precision = start < i ? PyFormat.digitsValue(text.substring(start, i)) : 0;
        }
        if (i < text.length()) {
            spec.type = text.charAt(i++);
        }
        if (i != text.length()) {
            throw PyException.valueError("Invalid format specifier");
        }
        return spec;
    }
}
