package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Python {@code str} methods templates call, with Python semantics: {@code split} splits on a
 * literal separator (never a regular expression), {@code strip(chars)} strips a set of characters,
 * {@code startswith} accepts a tuple, indexes count code points.
 */
final class StrMethods {

    private static final Map<String, BoundMethod.Method> METHODS = Map.ofEntries(
            Map.entry("capitalize", (s, self, a) -> PyStr.capitalize(noArgs(self, a, "capitalize"))),
            Map.entry("casefold", (s, self, a) -> PyStr.lower(PyStr.upper(noArgs(self, a, "casefold")))),
            Map.entry("lower", (s, self, a) -> PyStr.lower(noArgs(self, a, "lower"))),
            Map.entry("upper", (s, self, a) -> PyStr.upper(noArgs(self, a, "upper"))),
            Map.entry("title", (s, self, a) -> PyStr.title(noArgs(self, a, "title"))),
            Map.entry("swapcase", (s, self, a) -> swapcase(noArgs(self, a, "swapcase"))),
            Map.entry("strip", (s, self, a) -> strip(self, a, "strip", true, true)),
            Map.entry("lstrip", (s, self, a) -> strip(self, a, "lstrip", true, false)),
            Map.entry("rstrip", (s, self, a) -> strip(self, a, "rstrip", false, true)),
            Map.entry("split", (s, self, a) -> split(self, a, "split")),
            Map.entry("rsplit", (s, self, a) -> split(self, a, "rsplit")),
            Map.entry("splitlines", (s, self, a) -> PyStr.splitLines((String) self,
                    PyObjects.truthy(a.bind("splitlines", "keepends", false)[0]))),
            Map.entry("startswith", (s, self, a) -> affix(self, a, "startswith")),
            Map.entry("endswith", (s, self, a) -> affix(self, a, "endswith")),
            Map.entry("find", (s, self, a) -> find(self, a, "find", false)),
            Map.entry("rfind", (s, self, a) -> find(self, a, "rfind", true)),
            Map.entry("index", (s, self, a) -> found(find(self, a, "index", false))),
            Map.entry("rindex", (s, self, a) -> found(find(self, a, "rindex", true))),
            Map.entry("count", StrMethods::count),
            Map.entry("replace", (s, self, a) -> {
                Object[] p = a.bind("replace", "old", Args.REQUIRED, "new", Args.REQUIRED, "count", -1L);
                return replace(s, (String) self, string(p[0]), string(p[1]), PyObjects.asLong(Filters.requireInt(p[2])));
            }),
            Map.entry("join", StrMethods::join),
            Map.entry("format", (s, self, a) -> PyFormat.format(s, (String) self, a)),
            Map.entry("center", (s, self, a) -> pad(s, self, a, "center", '^')),
            Map.entry("ljust", (s, self, a) -> pad(s, self, a, "ljust", '<')),
            Map.entry("rjust", (s, self, a) -> pad(s, self, a, "rjust", '>')),
            Map.entry("zfill", StrMethods::zfill),
            Map.entry("partition", (s, self, a) -> partition(self, a, false)),
            Map.entry("rpartition", (s, self, a) -> partition(self, a, true)),
            Map.entry("removeprefix", (s, self, a) -> {
                String p = string(a.bind("removeprefix", "prefix", Args.REQUIRED)[0]);
                return ((String) self).startsWith(p) ? ((String) self).substring(p.length()) : self;
            }),
            Map.entry("removesuffix", (s, self, a) -> {
                String p = string(a.bind("removesuffix", "suffix", Args.REQUIRED)[0]);
                String str = (String) self;
                return !p.isEmpty() && str.endsWith(p) ? str.substring(0, str.length() - p.length()) : str;
            }),
            Map.entry("isdigit", (s, self, a) -> all(noArgs(self, a, "isdigit"), Character::isDigit)),
            Map.entry("isdecimal", (s, self, a) -> all(noArgs(self, a, "isdecimal"), Character::isDigit)),
            Map.entry("isnumeric", (s, self, a) -> all(noArgs(self, a, "isnumeric"),
                    cp -> Character.isDigit(cp) || Character.getNumericValue(cp) >= 0)),
            Map.entry("isalpha", (s, self, a) -> all(noArgs(self, a, "isalpha"), Character::isLetter)),
            Map.entry("isalnum", (s, self, a) -> all(noArgs(self, a, "isalnum"), Character::isLetterOrDigit)),
            Map.entry("isspace", (s, self, a) -> all(noArgs(self, a, "isspace"), PyStr::isSpace)),
            Map.entry("isascii", (s, self, a) -> noArgs(self, a, "isascii").chars().allMatch(c -> c < 128)),
            Map.entry("islower", (s, self, a) -> Tests.isCase(noArgs(self, a, "islower"), false)),
            Map.entry("isupper", (s, self, a) -> Tests.isCase(noArgs(self, a, "isupper"), true)),
            Map.entry("istitle", (s, self, a) -> {
                String str = noArgs(self, a, "istitle");
                return PyStr.title(str).equals(str) && str.codePoints().anyMatch(PyStr::isCased);
            }));

    private StrMethods() {
    }

    /**
     * Finds a method.
     *
     * @param name the method name
     * @return the method, or {@code null}
     */
    static BoundMethod.Method lookup(String name) {
        return METHODS.get(name);
    }

    private static String noArgs(Object self, Args a, String name) {
        a.bind(name);
        return (String) self;
    }

    private static String string(Object v) {
        if (!(v instanceof String s)) {
            throw PyException.typeError("must be str, not " + PyObjects.typeName(v));
        }
        return s;
    }

    private static boolean all(String s, java.util.function.IntPredicate p) {
        return !s.isEmpty() && s.codePoints().allMatch(p);
    }

    private static String swapcase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.append(Character.isUpperCase(cp) ? PyStr.lower(Character.toString(cp))
                : Character.isLowerCase(cp) ? PyStr.upper(Character.toString(cp)) : Character.toString(cp)));
        return out.toString();
    }

    private static Object strip(Object self, Args a, String name, boolean left, boolean right) {
        Object chars = a.bind(name, "chars", null)[0];
        return PyStr.strip((String) self, chars == null ? null : string(chars), left, right);
    }

    private static Object split(Object self, Args a, String name) {
        Object[] p = a.bind(name, "sep", null, "maxsplit", -1L);
        String sep = p[0] == null ? null : string(p[0]);
        long max = PyObjects.asLong(Filters.requireInt(p[1]));
        return name.equals("split") ? PyStr.split((String) self, sep, max) : PyStr.rsplit((String) self, sep, max);
    }

    private static Object affix(Object self, Args a, String name) {
        Object[] p = a.bind(name, "prefix", Args.REQUIRED, "start", null, "end", null);
        String s = (String) self;
        int[] r = PyStr.range(s, p[1] == null ? null : PyObjects.asLong(p[1]), p[2] == null ? null : PyObjects.asLong(p[2]));
        String window = s.substring(r[0], r[1]);
        List<Object> options = p[0] instanceof PyTuple t ? t.items() : List.of(p[0]);
        for (Object o : options) {
            if (!(o instanceof String affix)) {
                throw PyException.typeError(name + " first arg must be str or a tuple of str, not " + PyObjects.typeName(o));
            }
            if (name.equals("startswith") ? window.startsWith(affix) : window.endsWith(affix)) {
                return true;
            }
        }
        return false;
    }

    private static long find(Object self, Args a, String name, boolean last) {
        Object[] p = a.bind(name, "sub", Args.REQUIRED, "start", null, "end", null);
        String s = (String) self;
        String sub = string(p[0]);
        int[] r = PyStr.range(s, p[1] == null ? null : PyObjects.asLong(p[1]), p[2] == null ? null : PyObjects.asLong(p[2]));
        String window = s.substring(r[0], r[1]);
        int at = last ? window.lastIndexOf(sub) : window.indexOf(sub);
        return at < 0 ? -1 : PyStr.cpIndex(s, r[0] + at);
    }

    private static long found(long index) {
        if (index < 0) {
            throw PyException.valueError("substring not found");
        }
        return index;
    }

    private static Object count(Session session, Object self, Args a) {
        Object[] p = a.bind("count", "sub", Args.REQUIRED, "start", null, "end", null);
        String s = (String) self;
        int[] r = PyStr.range(s, p[1] == null ? null : PyObjects.asLong(p[1]), p[2] == null ? null : PyObjects.asLong(p[2]));
        return PyStr.count(s.substring(r[0], r[1]), string(p[0]));
    }

    /**
     * {@code str.replace(old, new, count)}, bounded by the render's size limit.
     *
     * @param session the render
     * @param s       the string
     * @param old     the substring to replace
     * @param rep     the replacement
     * @param count   the most replacements, negative for all
     * @return the result
     */
    static String replace(Session session, String s, String old, String rep, long count) {
        long limit = count < 0 ? Long.MAX_VALUE : count;
        StringBuilder out = new StringBuilder();
        int from = 0;
        long done = 0;
        if (old.isEmpty()) {
            List<Object> chars = PyStr.chars(s);
            for (int i = 0; i <= chars.size(); i++) {
                if (done < limit) {
                    out.append(rep);
                    done++;
                }
                if (i < chars.size()) {
                    out.append(chars.get(i));
                }
                session.checkSize(out.length());
            }
            return out.toString();
        }
        while (done < limit) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(rep);
            session.checkSize(out.length());
            from = at + old.length();
            done++;
        }
        return out.append(s, from, s.length()).toString();
    }

    private static Object join(Session session, Object self, Args a) {
        List<Object> items = PyObjects.toList(a.bind("join", "iterable", Args.REQUIRED)[0]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String item)) {
                throw PyException.typeError("sequence item " + i + ": expected str instance, "
                        + PyObjects.typeName(items.get(i)) + " found");
            }
            if (i > 0) {
                out.append((String) self);
            }
            out.append(item);
            session.checkSize(out.length());
        }
        session.step(items.size());
        return out.toString();
    }

    private static Object pad(Session session, Object self, Args a, String name, char align) {
        Object[] p = a.bind(name, "width", Args.REQUIRED, "fillchar", " ");
        long width = PyObjects.asLong(Filters.requireInt(p[0]));
        String fill = string(p[1]);
        if (PyStr.length(fill) != 1) {
            throw PyException.typeError("The fill character must be exactly one character long");
        }
        session.checkSize(width);
        return PyStr.pad((String) self, width, fill, align);
    }

    private static Object zfill(Session session, Object self, Args a) {
        long width = PyObjects.asLong(Filters.requireInt(a.bind("zfill", "width", Args.REQUIRED)[0]));
        session.checkSize(width);
        String s = (String) self;
        long fill = width - PyStr.length(s);
        if (fill <= 0) {
            return s;
        }
        boolean sign = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-');
        return (sign ? s.substring(0, 1) : "") + "0".repeat((int) fill) + (sign ? s.substring(1) : s);
    }

    private static Object partition(Object self, Args a, boolean last) {
        String sep = string(a.bind(last ? "rpartition" : "partition", "sep", Args.REQUIRED)[0]);
        if (sep.isEmpty()) {
            throw PyException.valueError("empty separator");
        }
        String s = (String) self;
        int at = last ? s.lastIndexOf(sep) : s.indexOf(sep);
        List<Object> parts = new ArrayList<>(3);
        if (at < 0) {
            parts.addAll(last ? List.of("", "", s) : List.of(s, "", ""));
        } else {
            parts.addAll(List.of(s.substring(0, at), sep, s.substring(at + sep.length())));
        }
        return new PyTuple(parts);
    }
}
