package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Core Python object protocol for template values: type names, truthiness, {@code len}, iteration,
 * {@code ==}, ordering and {@code in}. Values are {@code null} (None), {@code Boolean}, {@code Long},
 * {@code Double}, {@code String}, {@code List} (list), {@link PyTuple}, {@code Map} (dict), and the
 * template-only types of this package.
 */
final class PyObjects {

    private PyObjects() {
    }

    /** {@return Python's {@code type(value).__name__}} */
    static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case Boolean ignored -> "bool";
            case Long ignored -> "int";
            case Double ignored -> "float";
            case String ignored -> "str";
            case List<?> ignored -> "list";
            case PyTuple ignored -> "tuple";
            case Map<?, ?> ignored -> "dict";
            case DictView v -> v.typeName();
            case Undefined ignored -> "Undefined";
            case Namespace ignored -> "Namespace";
            case LoopContext ignored -> "LoopContext";
            case Macro ignored -> "Macro";
            case PyIterator it -> it.typeName();
            case BuiltinFunction ignored -> "builtin_function_or_method";
            case BoundMethod ignored -> "builtin_function_or_method";
            default -> value.getClass().getSimpleName();
        };
    }

    /** {@return Python truthiness} */
    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case PyTuple t -> !t.items().isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case DictView v -> !v.items().isEmpty();
            case Undefined ignored -> false;
            default -> true;
        };
    }

    /**
     * Python {@code len(value)}.
     *
     * @param value the value
     * @return the length
     * @throws PyException a {@code TypeError} for values without a length (including iterators)
     */
    static long len(Object value) {
        return switch (value) {
            case String s -> PyStr.length(s);
            case List<?> l -> l.size();
            case PyTuple t -> t.items().size();
            case Map<?, ?> m -> m.size();
            case DictView v -> v.items().size();
            case Undefined ignored -> 0;
            case null, default -> throw PyException.typeError("object of type '" + typeName(value) + "' has no len()");
        };
    }

    /**
     * Python {@code iter(value)}: lists and tuples by element, strings by code point, dicts by key,
     * an undefined value as empty; an iterator is consumed as it is read.
     *
     * @param value the value
     * @return the iterator
     * @throws PyException a {@code TypeError} for values that are not iterable
     */
    @SuppressWarnings("unchecked")
    static Iterator<Object> iterator(Object value) {
        return switch (value) {
            case List<?> l -> (Iterator<Object>) l.iterator();
            case PyTuple t -> t.items().iterator();
            case String s -> PyStr.chars(s).iterator();
            case Map<?, ?> m -> (Iterator<Object>) m.keySet().iterator();
            case DictView v -> v.items().iterator();
            case PyIterator it -> it;
            case Undefined ignored -> java.util.Collections.emptyIterator();
            case null, default -> throw PyException.typeError("'" + typeName(value) + "' object is not iterable");
        };
    }

    /**
     * Python {@code list(value)} as a read-only view or copy; consumes iterators.
     *
     * @param value the value
     * @return the elements
     */
    @SuppressWarnings("unchecked")
    static List<Object> toList(Object value) {
        return switch (value) {
            case List<?> l -> (List<Object>) l;
            case PyTuple t -> t.items();
            case DictView v -> v.items();
            case PyIterator it -> it.drain();
            case Map<?, ?> m -> new ArrayList<>(m.keySet());
            case null, default -> {
                List<Object> out = new ArrayList<>();
                iterator(value).forEachRemaining(out::add);
                yield out;
            }
        };
    }

    /** {@return whether the value is a Python number (bool included, as {@code numbers.Number} does)} */
    static boolean isNumber(Object value) {
        return value instanceof Long || value instanceof Double || value instanceof Boolean;
    }

    /** {@return whether the value is a Python int (bool included)} */
    static boolean isInt(Object value) {
        return value instanceof Long || value instanceof Boolean;
    }

    /** {@return an int or bool as a long} */
    static long asLong(Object value) {
        return value instanceof Boolean b ? (b ? 1 : 0) : (Long) value;
    }

    /** {@return any number as a double} */
    static double asDouble(Object value) {
        return value instanceof Double d ? d : asLong(value);
    }

    /**
     * Python {@code a == b}: numbers compare by value across int, float and bool; lists only equal lists
     * and tuples only tuples; two undefined values are equal.
     *
     * @param a the left value
     * @param b the right value
     * @return whether they are equal
     */
    static boolean eq(Object a, Object b) {
        return eq(a, b, 0);
    }

    private static boolean eq(Object a, Object b, int depth) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (depth > Session.MAX_VALUE_DEPTH) {
            throw PyException.limit("value nested too deeply to compare");
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                return asDouble(a) == asDouble(b);
            }
            return asLong(a) == asLong(b);
        }
        return switch (a) {
            case String s -> s.equals(b);
            case List<?> l -> b instanceof List<?> m && listEq(l, m, depth);
            case PyTuple t -> b instanceof PyTuple u && listEq(t.items(), u.items(), depth);
            case Map<?, ?> m -> b instanceof Map<?, ?> n && mapEq(m, n, depth);
            case Undefined ignored -> b instanceof Undefined;
            default -> false;
        };
    }

    private static boolean listEq(List<?> a, List<?> b, int depth) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!eq(a.get(i), b.get(i), depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean mapEq(Map<?, ?> a, Map<?, ?> b, int depth) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<?, ?> e : a.entrySet()) {
            Object other = dictGet(b, e.getKey(), MISSING);
            if (other == MISSING || !eq(e.getValue(), other, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /** Returned by {@link #dictGet} for an absent key. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    /**
     * Python dict lookup: exact key first, then any key equal in Python terms (so {@code 1}, {@code 1.0}
     * and {@code True} find each other).
     *
     * @param map      the dict
     * @param key      the key
     * @param fallback returned when the key is absent
     * @return the value or the fallback
     */
    static Object dictGet(Map<?, ?> map, Object key, Object fallback) {
        Object v = map.get(key);
        if (v != null || map.containsKey(key)) {
            return v;
        }
        if (isNumber(key)) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (isNumber(e.getKey()) && eq(e.getKey(), key)) {
                    return e.getValue();
                }
            }
        }
        return fallback;
    }

    /**
     * Python ordering ({@code <} and friends): numbers, strings by code point, lists and tuples
     * lexicographically.
     *
     * @param a  the left value
     * @param b  the right value
     * @param op the operator, for the message
     * @return negative, zero or positive
     * @throws PyException a {@code TypeError} for values that do not order
     */
    static int compare(Object a, Object b, String op) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        if (isNumber(a) && isNumber(b)) {
            if (a instanceof Double || b instanceof Double) {
                double x = asDouble(a);
                double y = asDouble(b);
                return x == y ? 0 : (x < y ? -1 : 1);
            }
            return Long.compare(asLong(a), asLong(b));
        }
        if (a instanceof String s && b instanceof String t) {
            return compareStrings(s, t);
        }
        if (a instanceof List<?> l && b instanceof List<?> m) {
            return compareSequences(l, m, op);
        }
        if (a instanceof PyTuple t && b instanceof PyTuple u) {
            return compareSequences(t.items(), u.items(), op);
        }
        throw PyException.typeError("'" + op + "' not supported between instances of '" + typeName(a)
                + "' and '" + typeName(b) + "'");
    }

    private static int compareSequences(List<?> a, List<?> b, String op) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            if (!eq(a.get(i), b.get(i))) {
                return compare(a.get(i), b.get(i), op);
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** {@return the code-point order of two strings, as Python compares them} */
    static int compareStrings(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Python {@code item in container}.
     *
     * @param item      the element or substring
     * @param container the container
     * @return whether it is contained
     */
    static boolean contains(Object item, Object container) {
        switch (container) {
            case String s -> {
                if (item instanceof String sub) {
                    return s.contains(sub);
                }
                throw PyException.typeError("'in <string>' requires string as left operand, not " + typeName(item));
            }
            case Map<?, ?> m -> {
                return dictGet(m, hashable(item), MISSING) != MISSING;
            }
            case null -> throw PyException.typeError("argument of type 'NoneType' is not iterable");
            default -> {
                if (!(container instanceof List || container instanceof PyTuple || container instanceof DictView
                        || container instanceof PyIterator || container instanceof Undefined)) {
                    throw PyException.typeError("argument of type '" + typeName(container) + "' is not iterable");
                }
                Iterator<Object> it = iterator(container);
                while (it.hasNext()) {
                    if (eq(item, it.next())) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    /**
     * Rejects values Python cannot hash (lists, dicts), as dict keys must be hashable.
     *
     * @param key the key
     * @return the key
     */
    static Object hashable(Object key) {
        if (key instanceof List || key instanceof Map || key instanceof Namespace) {
            throw PyException.typeError("unhashable type: '" + typeName(key) + "'");
        }
        if (key instanceof PyTuple t) {
            t.items().forEach(PyObjects::hashable);
        }
        return key;
    }
}
