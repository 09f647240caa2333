package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * jinja2's filters that compare elements: {@code unique} (a lazy iterator), {@code sort} and
 * {@code dictsort} (lists, sorted stably in CPython's comparison order), {@code min} and {@code max}.
 * Strings compare case-insensitively unless {@code case_sensitive} is set, as in jinja2.
 */
final class OrderFilters {

    private OrderFilters() {
    }

    static Object unique(Session s, Object v, Args a) {
        Object[] p = a.bind("unique", "case_sensitive", false, "attribute", null);
        return new PyIterator("generator", () -> uniqueAll(s, v, p));
    }

    private static List<Object> uniqueAll(Session s, Object v, Object[] p) {
        boolean caseSensitive = PyObjects.truthy(p[0]);
        Set<Object> seen = new HashSet<>();
        List<Object> out = new ArrayList<>();
        var it = PyObjects.iterator(v);
        while (it.hasNext()) {
            s.step();
            Object item = it.next();
            Object key = p[1] == null ? item : SeqFilters.attribute(s, item, p[1], null);
            if (seen.add(hashKey(caseSensitive ? key : ignoreCase(key)))) {
                out.add(item);
            }
        }
        return out;
    }

    static Object sort(Session s, Object v, Args a) {
        Object[] p = a.bind("sort", "reverse", false, "case_sensitive", false, "attribute", null);
        boolean caseSensitive = PyObjects.truthy(p[1]);
        List<Object> items = Filters.copyList(s, v);
        List<List<Object>> attributes = new ArrayList<>();
        if (p[2] instanceof String attr) {
            for (String part : attr.split(",", -1)) {
                attributes.add(SeqFilters.attributeParts(part));
            }
        } else {
            attributes.add(p[2] == null ? List.of() : List.of(p[2]));
        }
        Comparator<Object> cmp = (x, y) -> {
            s.step();
            return PyObjects.compare(sortKey(s, x, attributes, caseSensitive), sortKey(s, y, attributes, caseSensitive), "<");
        };
        sortLikePython(items, cmp, PyObjects.truthy(p[0]));
        return items;
    }

    /**
     * Stable sort as CPython's {@code list.sort} does it: with {@code reverse}, the list is reversed,
     * sorted ascending and reversed back, so equal elements keep their order and comparisons (and so any
     * {@code TypeError} message) happen in the same order as in Python.
     */
    private static void sortLikePython(List<Object> items, Comparator<Object> cmp, boolean reverse) {
        if (reverse) {
            java.util.Collections.reverse(items);
        }
        items.sort(cmp);
        if (reverse) {
            java.util.Collections.reverse(items);
        }
    }

    private static Object sortKey(Session s, Object item, List<List<Object>> attributes, boolean caseSensitive) {
        List<Object> key = new ArrayList<>(attributes.size());
        for (List<Object> parts : attributes) {
            Object v = item;
            for (Object part : parts) {
                v = PyAccess.getitem(s, v, part);
            }
            key.add(caseSensitive ? v : ignoreCase(v));
        }
        return key;
    }

    static Object dictsort(Session s, Object v, Args a) {
        Object[] p = a.bind("dictsort", "case_sensitive", false, "by", "key", "reverse", false);
        int pos = switch (PyRepr.str(p[1])) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw PyException.of("FilterArgumentError", "You can only sort by either \"key\" or \"value\"");
        };
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw PyException.of("AttributeError", "'" + PyObjects.typeName(v) + "' object has no attribute 'items'");
        }
        boolean caseSensitive = PyObjects.truthy(p[0]);
        List<Object> items = SeqFilters.pairs(s, m);
        Comparator<Object> cmp = (x, y) -> {
            Object kx = ((PyTuple) x).items().get(pos);
            Object ky = ((PyTuple) y).items().get(pos);
            return PyObjects.compare(caseSensitive ? kx : ignoreCase(kx), caseSensitive ? ky : ignoreCase(ky), "<");
        };
        sortLikePython(items, cmp, PyObjects.truthy(p[2]));
        return items;
    }

    static Object minOrMax(Session s, Object v, Args a, String which) {
        Object[] p = a.bind(which, "case_sensitive", false, "attribute", null);
        List<Object> items = PyObjects.toList(v);
        if (items.isEmpty()) {
            return Undefined.withHint("No aggregated item, sequence was empty.");
        }
        Object best = items.getFirst();
        Object bestKey = minMaxKey(s, best, p);
        for (int i = 1; i < items.size(); i++) {
            s.step();
            Object key = minMaxKey(s, items.get(i), p);
            int c = PyObjects.compare(key, bestKey, which.equals("min") ? "<" : ">");
            if (which.equals("min") ? c < 0 : c > 0) {
                best = items.get(i);
                bestKey = key;
            }
        }
        return best;
    }

    private static Object minMaxKey(Session s, Object item, Object[] p) {
        Object key = p[1] == null ? item : SeqFilters.attribute(s, item, p[1], null);
        return PyObjects.truthy(p[0]) ? key : ignoreCase(key);
    }

    private static Object ignoreCase(Object v) {
        return v instanceof String s ? PyStr.lower(s) : v;
    }

    /** A Java key with Python hash equality: {@code 1}, {@code 1.0} and {@code True} collide. */
    private static Object hashKey(Object v) {
        return switch (v) {
            case null -> PyObjects.MISSING;
            case Boolean b -> b ? 1L : 0L;
            case Double d when d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9e18 -> (long) (double) d;
            case PyTuple t -> t.items().stream().map(OrderFilters::hashKey).toList();
            case List<?> ignored -> throw PyException.typeError("unhashable type: 'list'");
            case Map<?, ?> ignored -> throw PyException.typeError("unhashable type: 'dict'");
            default -> v;
        };
    }
}
