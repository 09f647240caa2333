package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Attribute access ({@code x.name}), subscription ({@code x[key]}) and slicing as jinja2's
 * {@code ImmutableSandboxedEnvironment} does them. Attributes are only the Python methods this package
 * implements, dict keys, namespace attributes and {@code loop} fields: nothing reaches a Java object.
 * Underscore names are refused, and so are methods that would mutate a list or dict.
 */
final class PyAccess {

    private PyAccess() {
    }

    /**
     * {@code obj.name}: for dicts a Python method wins over a key of the same name, as in jinja2.
     *
     * @param session the render
     * @param obj     the object
     * @param name    the attribute
     * @return the value, a bound method, or an undefined value
     * @throws PyException an {@code UndefinedError} when {@code obj} is undefined
     */
    static Object getattr(Session session, Object obj, String name) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        Object method = method(obj, name);
        if (method != null) {
            return method;
        }
        return switch (obj) {
            case null -> Undefined.missing(null, name);
            case Map<?, ?> m -> {
                Object v = PyObjects.dictGet(m, name, PyObjects.MISSING);
                yield v == PyObjects.MISSING ? Undefined.missing(obj, name) : v;
            }
            case Namespace ns -> {
                Object v = ns.attributes().getOrDefault(name, PyObjects.MISSING);
                yield v == PyObjects.MISSING ? Undefined.missing(obj, name) : v;
            }
            case LoopContext loop -> {
                Object v = loop.attribute(name);
                yield v == PyObjects.MISSING ? Undefined.missing(obj, name) : v;
            }
            default -> Undefined.missing(obj, name);
        };
    }

    /**
     * Python {@code getattr(obj, name)} only, without jinja2's fallback to items (the {@code attr} filter):
     * methods, namespace attributes and {@code loop} fields, never dict keys.
     *
     * @param session the render
     * @param obj     the object
     * @param name    the attribute
     * @return the value, a bound method, or an undefined value
     */
    static Object attribute(Session session, Object obj, String name) {
        if (obj instanceof Map<?, ?>) {
            Object method = method(obj, name);
            return method != null ? method : Undefined.missing(obj, name);
        }
        return getattr(session, obj, name);
    }

    /** Returns the bound method, a blocked-access undefined, or {@code null} when the type has no such attribute. */
    private static Object method(Object obj, String name) {
        if (name.startsWith("__") && name.endsWith("__") && name.length() > 4) {
            return Undefined.blocked(obj, name);
        }
        BoundMethod.Method m = switch (obj) {
            case null -> null;
            case String ignored -> StrMethods.lookup(name);
            case Map<?, ?> ignored -> ContainerMethods.dictMethod(name);
            case List<?> ignored -> ContainerMethods.listMethod(name);
            case PyTuple ignored -> ContainerMethods.tupleMethod(name);
            default -> null;
        };
        if (m != null) {
            return new BoundMethod(obj, name, m);
        }
        return ContainerMethods.isMutator(obj, name) ? Undefined.blocked(obj, name) : null;
    }

    /**
     * {@code obj[key]}: dict keys, sequence indexes (negative from the end); a string key that is not an
     * item falls back to attribute lookup, as jinja2's {@code getitem} does.
     *
     * @param session the render
     * @param obj     the object
     * @param key     the key or index
     * @return the value or an undefined value
     * @throws PyException an {@code UndefinedError} when {@code obj} is undefined
     */
    static Object getitem(Session session, Object obj, Object key) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        switch (obj) {
            case null -> {
            }
            case Map<?, ?> m -> {
                if (!(key instanceof List || key instanceof Map)) {
                    Object v = PyObjects.dictGet(m, key, PyObjects.MISSING);
                    if (v != PyObjects.MISSING) {
                        return v;
                    }
                }
            }
            case List<?> l -> {
                if (PyObjects.isInt(key)) {
                    return element(obj, l, PyObjects.asLong(key), key);
                }
            }
            case PyTuple t -> {
                if (PyObjects.isInt(key)) {
                    return element(obj, t.items(), PyObjects.asLong(key), key);
                }
            }
            case String s -> {
                if (PyObjects.isInt(key)) {
                    String c = PyStr.charAt(s, PyObjects.asLong(key));
                    return c != null ? c : Undefined.missing(obj, key);
                }
            }
            default -> {
            }
        }
        if (key instanceof String name) {
            Object method = method(obj, name);
            if (method != null) {
                return method;
            }
            if (obj instanceof Namespace || obj instanceof LoopContext) {
                return getattr(session, obj, name);
            }
        }
        return Undefined.missing(obj, key);
    }

    private static Object element(Object owner, List<?> list, long index, Object key) {
        long i = index < 0 ? index + list.size() : index;
        return i >= 0 && i < list.size() ? list.get((int) i) : Undefined.missing(owner, key);
    }

    /**
     * {@code obj[start:stop:step]} with Python semantics. jinja2 compiles slices to plain Python
     * subscription (bypassing its {@code getitem}), so slicing anything but a list, tuple or string raises.
     *
     * @param session the render
     * @param obj     a list, tuple or string
     * @param start   the start or {@code null}
     * @param stop    the stop or {@code null}
     * @param step    the step or {@code null}
     * @return the slice
     * @throws PyException a {@code TypeError} for objects that cannot be sliced or non-int bounds, an
     *                     {@code UndefinedError} for an undefined object
     */
    static Object slice(Session session, Object obj, Object start, Object stop, Object step) {
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (obj instanceof Map) {
            throw PyException.typeError("unhashable type: 'slice'");
        }
        if (!(obj instanceof List || obj instanceof PyTuple || obj instanceof String)) {
            throw PyException.typeError("'" + PyObjects.typeName(obj) + "' object is not subscriptable");
        }
        for (Object bound : new Object[] {start, stop, step}) {
            if (bound != null && !PyObjects.isInt(bound)) {
                throw PyException.typeError("slice indices must be integers or None or have an __index__ method");
            }
        }
        long st = step == null ? 1 : PyObjects.asLong(step);
        if (st == 0) {
            throw PyException.valueError("slice step cannot be zero");
        }
        return switch (obj) {
            case List<?> l -> pick(session, l, start, stop, st);
            case PyTuple t -> new PyTuple(pick(session, t.items(), start, stop, st));
            default -> sliceString(session, (String) obj, start, stop, st);
        };
    }

    private static List<Object> pick(Session session, List<?> items, Object start, Object stop, long step) {
        long[] r = indices(items.size(), start, stop, step);
        List<Object> out = new ArrayList<>();
        for (long i = r[0]; step > 0 ? i < r[1] : i > r[1]; i += step) {
            out.add(items.get((int) i));
        }
        session.step(out.size());
        return out;
    }

    private static String sliceString(Session session, String s, Object start, Object stop, long step) {
        if (step == 1 && PyStr.isBmp(s)) {
            long[] r = indices(s.length(), start, stop, step);
            return r[1] > r[0] ? s.substring((int) r[0], (int) r[1]) : "";
        }
        int[] cps = s.codePoints().toArray();
        long[] r = indices(cps.length, start, stop, step);
        StringBuilder out = new StringBuilder();
        for (long i = r[0]; step > 0 ? i < r[1] : i > r[1]; i += step) {
            out.appendCodePoint(cps[(int) i]);
        }
        session.step(out.length());
        return out.toString();
    }

    /** Python's {@code slice.indices(length)}: returns {start, stop}. */
    private static long[] indices(long length, Object start, Object stop, long step) {
        long lower = step < 0 ? -1 : 0;
        long upper = step < 0 ? length - 1 : length;
        long from = start == null ? (step < 0 ? upper : lower) : clamp(PyObjects.asLong(start), length, lower, upper);
        long to = stop == null ? (step < 0 ? lower : upper) : clamp(PyObjects.asLong(stop), length, lower, upper);
        return new long[] {from, to};
    }

    private static long clamp(long index, long length, long lower, long upper) {
        long i = index < 0 ? index + length : index;
        return Math.max(lower, Math.min(i, upper));
    }
}
