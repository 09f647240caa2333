package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * jinja2's filters over sequences and mappings. Like jinja2, {@code map}, {@code select*},
 * {@code reject*}, {@code items} and {@code batch} return lazy single-pass iterators (always truthy, no
 * length), while {@code list} returns a list. The filters that order or compare elements live in
 * {@link OrderFilters}.
 */
final class SeqFilters {

    private SeqFilters() {
    }

    static Object length(Session s, Object v, Args a) {
        a.bind("length");
        return PyObjects.len(v);
    }

    static Object list(Session s, Object v, Args a) {
        a.bind("list");
        return Filters.copyList(s, v);
    }

    static Object first(Session s, Object v, Args a) {
        a.bind("first");
        var it = PyObjects.iterator(v);
        return it.hasNext() ? it.next() : Undefined.withHint("No first item, sequence was empty.");
    }

    static Object last(Session s, Object v, Args a) {
        a.bind("last");
        if (!isReversible(v)) {
            throw PyException.typeError("'" + PyObjects.typeName(v) + "' object is not reversible");
        }
        List<Object> items = PyObjects.toList(v);
        return items.isEmpty() ? Undefined.withHint("No last item, sequence was empty.") : items.getLast();
    }

    static Object items(Session s, Object v, Args a) {
        a.bind("items");
        return new PyIterator("generator", () -> {
            if (v instanceof Undefined) {
                return List.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw PyException.typeError("Can only get item pairs from a mapping.");
            }
            return pairs(s, m);
        });
    }

    /**
     * The {@code (key, value)} tuples of a dict.
     *
     * @param session the render
     * @param map     the dict
     * @return the pairs, in order
     */
    static List<Object> pairs(Session session, Map<?, ?> map) {
        session.step(map.size());
        List<Object> out = new ArrayList<>(map.size());
        map.forEach((k, val) -> out.add(PyTuple.pair(k, val)));
        return out;
    }

    static Object join(Session s, Object v, Args a) {
        Object[] p = a.bind("join", "d", "", "attribute", null);
        List<Object> items = PyObjects.toList(v);
        String sep = PyRepr.str(p[0]);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            s.step();
            Object item = p[1] == null ? items.get(i) : attribute(s, items.get(i), p[1], null);
            if (i > 0) {
                out.append(sep);
            }
            out.append(PyRepr.str(item));
            s.checkSize(out.length());
        }
        return out.toString();
    }

    static Object map(Session s, Object v, Args a) {
        return new PyIterator("generator", () -> mapAll(s, v, a));
    }

    private static List<Object> mapAll(Session s, Object v, Args a) {
        List<Object> out = new ArrayList<>();
        if (!PyObjects.truthy(v)) {
            return out;
        }
        List<Object> args = a.positional();
        java.util.function.UnaryOperator<Object> func;
        if (args.isEmpty() && a.keywords().containsKey("attribute")) {
            Map<String, Object> kw = new java.util.LinkedHashMap<>(a.keywords());
            Object attr = kw.remove("attribute");
            Object dflt = kw.remove("default");
            if (!kw.isEmpty()) {
                throw PyException.of("FilterArgumentError", "Unexpected keyword argument "
                        + PyRepr.strRepr(kw.keySet().iterator().next()));
            }
            func = item -> attribute(s, item, attr, dflt);
        } else {
            if (args.isEmpty()) {
                throw PyException.of("FilterArgumentError", "map requires a filter argument");
            }
            String name = PyRepr.str(args.getFirst());
            Filters.Filter f = requireFilter(name);
            Args rest = new Args(args.subList(1, args.size()), a.keywords());
            func = item -> f.apply(s, item, rest);
        }
        var it = PyObjects.iterator(v);
        while (it.hasNext()) {
            s.step();
            out.add(func.apply(it.next()));
        }
        return out;
    }

    static Object selectOrReject(Session s, Object v, Args a, boolean select, boolean byAttribute) {
        return new PyIterator("generator", () -> selectAll(s, v, a, select, byAttribute));
    }

    private static List<Object> selectAll(Session s, Object v, Args a, boolean select, boolean byAttribute) {
        List<Object> out = new ArrayList<>();
        if (!PyObjects.truthy(v)) {
            return out;
        }
        List<Object> args = a.positional();
        int off = byAttribute ? 1 : 0;
        if (byAttribute && args.isEmpty()) {
            throw PyException.of("FilterArgumentError", "Missing parameter for attribute name");
        }
        Tests.Test test = args.size() > off ? requireTest(PyRepr.str(args.get(off))) : null;
        Args testArgs = args.size() > off ? new Args(args.subList(off + 1, args.size()), a.keywords()) : Args.NONE;
        var it = PyObjects.iterator(v);
        while (it.hasNext()) {
            s.step();
            Object item = it.next();
            Object subject = byAttribute ? attribute(s, item, args.getFirst(), null) : item;
            boolean ok = test == null ? PyObjects.truthy(subject) : test.test(s, subject, testArgs);
            if (ok == select) {
                out.add(item);
            }
        }
        return out;
    }

    static Object sum(Session s, Object v, Args a) {
        Object[] p = a.bind("sum", "attribute", null, "start", 0L);
        Object total = p[1];
        var it = PyObjects.iterator(v);
        while (it.hasNext()) {
            s.step();
            Object item = it.next();
            if (p[0] != null) {
                item = attribute(s, item, p[0], null);
            }
            if (item instanceof String && PyObjects.isNumber(total)) {
                throw PyException.typeError("unsupported operand type(s) for +: '" + PyObjects.typeName(total) + "' and 'str'");
            }
            total = PyArith.binary(s, Expr.BinaryOp.ADD, total, item);
        }
        return total;
    }

    static Object reverse(Session s, Object v, Args a) {
        a.bind("reverse");
        if (v instanceof String str) {
            return new StringBuilder(str).reverse().toString();
        }
        if (!isReversible(v) && !(v instanceof PyIterator)) {
            throw PyException.of("FilterArgumentError", "argument must be iterable");
        }
        List<Object> items;
        try {
            items = Filters.copyList(s, v);
        } catch (PyException e) {
            // jinja2 turns any TypeError raised while listing the value into this error.
            if (!"TypeError".equals(e.pythonType())) {
                throw e;
            }
            throw PyException.of("FilterArgumentError", "argument must be iterable");
        }
        java.util.Collections.reverse(items);
        return switch (v) {
            case null -> items;
            case List<?> ignored -> PyIterator.of("list_reverseiterator", items);
            case PyTuple ignored -> PyIterator.of("reversed", items);
            case Map<?, ?> ignored -> PyIterator.of("dict_reversekeyiterator", items);
            default -> items;
        };
    }

    static Object batch(Session s, Object v, Args a) {
        Object[] p = a.bind("batch", "linecount", Args.REQUIRED, "fill_with", null);
        return new PyIterator("generator", () -> batchAll(s, v, p));
    }

    private static List<Object> batchAll(Session s, Object v, Object[] p) {
        long size = PyObjects.asLong(Filters.requireInt(p[0]));
        if (size < 1) {
            throw PyException.valueError("batch size must be positive");
        }
        List<Object> out = new ArrayList<>();
        List<Object> row = new ArrayList<>();
        var it = PyObjects.iterator(v);
        while (it.hasNext()) {
            s.step();
            if (row.size() == size) {
                out.add(row);
                row = new ArrayList<>();
            }
            row.add(it.next());
        }
        if (!row.isEmpty()) {
            if (p[1] != null) {
                s.checkSize(size);
                while (row.size() < size) {
                    row.add(p[1]);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** {@return whether Python's {@code reversed()} accepts the value} */
    private static boolean isReversible(Object v) {
        return v instanceof List || v instanceof PyTuple || v instanceof String || v instanceof Map
                || v instanceof DictView || v instanceof Undefined;
    }

    /**
     * jinja2's {@code make_attrgetter}: follows a dotted path ({@code "a.b"}, digits as indexes) with
     * {@code getitem}; {@code fallback} replaces an undefined result when not {@code null}.
     */
    static Object attribute(Session s, Object item, Object path, Object fallback) {
        Object v = item;
        for (Object part : path instanceof String str ? attributeParts(str) : List.of(path)) {
            v = PyAccess.getitem(s, v, part);
            if (fallback != null && v instanceof Undefined) {
                v = fallback;
            }
        }
        return v;
    }

    static List<Object> attributeParts(String path) {
        List<Object> parts = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            boolean index = !part.isEmpty() && part.chars().allMatch(c -> PyFormat.isAsciiDigit((char) c));
            parts.add(index ? (Object) (long) PyFormat.digitsValue(part) : part);
        }
        return parts;
    }

    private static Filters.Filter requireFilter(String name) {
        Filters.Filter f = Filters.lookup(name);
        if (f == null) {
            throw PyException.runtime("No filter named " + PyRepr.strRepr(name) + ".");
        }
        return f;
    }

    private static Tests.Test requireTest(String name) {
        Tests.Test t = Tests.lookup(name);
        if (t == null) {
            throw PyException.runtime("No test named " + PyRepr.strRepr(name) + ".");
        }
        return t;
    }
}
