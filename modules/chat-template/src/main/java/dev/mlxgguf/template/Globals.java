package dev.mlxgguf.template;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The global functions every template sees: jinja2's {@code range} (capped as the sandbox caps it),
 * {@code dict}, {@code namespace} and {@code joiner}, plus Hugging Face's {@code raise_exception} and
 * {@code strftime_now}. Render variables of the same name shadow them.
 */
final class Globals {
    /** jinja2's sandbox refuses ranges longer than this. */
    static final int MAX_RANGE = 100_000;

    /** The globals by name. */
    static final Map<String, Object> ALL = Map.of(
            "range", new BuiltinFunction("range", Globals::range),
            "dict", new BuiltinFunction("dict", Globals::dict),
            "namespace", new BuiltinFunction("namespace", Globals::namespace),
            "joiner", new BuiltinFunction("joiner", Globals::joiner),
            "raise_exception", new BuiltinFunction("raise_exception", (s, a) -> {
                throw PyException.raised(PyRepr.str(a.bind("raise_exception", "message", Args.REQUIRED)[0]));
            }),
            "strftime_now", new BuiltinFunction("strftime_now", (s, a) -> Strftime.format(
                    LocalDateTime.now(s.clock()), PyRepr.str(a.bind("strftime_now", "format", Args.REQUIRED)[0]))));

    private Globals() {
    }

    private static Object range(Session s, Args a) {
        if (!a.keywords().isEmpty()) {
            throw PyException.typeError("range() takes no keyword arguments");
        }
        List<Object> p = a.positional();
        if (p.isEmpty() || p.size() > 3) {
            throw PyException.typeError("range expected at most 3 arguments, got " + p.size());
        }
        long[] v = new long[p.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = PyObjects.asLong(Filters.requireInt(p.get(i)));
        }
        long start = v.length == 1 ? 0 : v[0];
        long stop = v.length == 1 ? v[0] : v[1];
        long step = v.length == 3 ? v[2] : 1;
        if (step == 0) {
            throw PyException.valueError("range() arg 3 must not be zero");
        }
        double length = Math.max(0, Math.ceil(((double) stop - start) / step));
        if (length > MAX_RANGE) {
            throw PyException.of("OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE ("
                    + MAX_RANGE + ").");
        }
        s.step((long) length);
        List<Object> out = new ArrayList<>((int) length);
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out;
    }

    /** Python {@code dict(mapping_or_pairs, **kwargs)}. */
    private static Map<Object, Object> dict(Session s, Args a) {
        if (a.positional().size() > 1) {
            throw PyException.typeError("dict expected at most 1 argument, got " + a.positional().size());
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        if (!a.positional().isEmpty()) {
            Object src = a.positional().getFirst();
            if (src instanceof Map<?, ?> m) {
                out.putAll(m);
            } else {
                for (Object pair : PyObjects.toList(src)) {
                    List<Object> kv = PyObjects.toList(pair);
                    if (kv.size() != 2) {
                        throw PyException.valueError("dictionary update sequence element has length " + kv.size()
                                + "; 2 is required");
                    }
                    out.put(PyObjects.hashable(kv.get(0)), kv.get(1));
                }
            }
        }
        out.putAll(a.keywords());
        return out;
    }

    private static Namespace namespace(Session s, Args a) {
        Namespace ns = new Namespace();
        ns.attributes().putAll(dict(s, a));
        return ns;
    }

    private static Object joiner(Session s, Args a) {
        String sep = PyRepr.str(a.bind("joiner", "sep", ", ")[0]);
        boolean[] used = {false};
        return new BuiltinFunction("joiner", (s2, a2) -> {
            if (!used[0]) {
                used[0] = true;
                return "";
            }
            return sep;
        });
    }
}
