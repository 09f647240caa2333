package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The read-only Python {@code dict}, {@code list} and {@code tuple} methods. The mutating ones
 * ({@code append}, {@code pop}, {@code update}, ...) are refused as jinja2's
 * {@code ImmutableSandboxedEnvironment} refuses them: looking one up gives an undefined value and calling
 * it raises {@code SecurityError}.
 */
final class ContainerMethods {

    private static final Set<String> DICT_MUTATORS = Set.of("clear", "pop", "popitem", "setdefault", "update");
    private static final Set<String> LIST_MUTATORS = Set.of("append", "clear", "pop", "reverse", "insert", "sort",
            "extend", "remove");

    private static final Map<String, BoundMethod.Method> DICT = Map.of(
            "get", (s, self, a) -> {
                Object[] p = a.bind("get", "key", Args.REQUIRED, "default", null);
                return PyObjects.dictGet((Map<?, ?>) self, p[0], p[1]);
            },
            "items", (s, self, a) -> view("items", a, new DictView("dict_items", SeqFilters.pairs(s, (Map<?, ?>) self))),
            "keys", (s, self, a) -> view("keys", a, new DictView("dict_keys", new ArrayList<>(((Map<?, ?>) self).keySet()))),
            "values", (s, self, a) -> view("values", a,
                    new DictView("dict_values", new ArrayList<>(((Map<?, ?>) self).values()))),
            "copy", (s, self, a) -> view("copy", a, new LinkedHashMap<>((Map<?, ?>) self)));

    private static final Map<String, BoundMethod.Method> LIST = Map.of(
            "index", ContainerMethods::index,
            "count", ContainerMethods::count,
            "copy", (s, self, a) -> view("copy", a, new ArrayList<>((List<?>) self)));

    private static final Map<String, BoundMethod.Method> TUPLE = Map.of(
            "index", ContainerMethods::index,
            "count", ContainerMethods::count);

    private ContainerMethods() {
    }

    /** {@return a dict method, or {@code null}} */
    static BoundMethod.Method dictMethod(String name) {
        return DICT.get(name);
    }

    /** {@return a list method, or {@code null}} */
    static BoundMethod.Method listMethod(String name) {
        return LIST.get(name);
    }

    /** {@return a tuple method, or {@code null}} */
    static BoundMethod.Method tupleMethod(String name) {
        return TUPLE.get(name);
    }

    /** {@return whether the attribute is a mutating method the sandbox refuses} */
    static boolean isMutator(Object obj, String name) {
        return obj instanceof Map && DICT_MUTATORS.contains(name) || obj instanceof List && LIST_MUTATORS.contains(name);
    }

    private static Object view(String name, Args a, Object result) {
        a.bind(name);
        return result;
    }

    private static List<Object> items(Object self) {
        return self instanceof PyTuple t ? t.items() : PyObjects.toList(self);
    }

    private static Object index(Session s, Object self, Args a) {
        Object value = a.bind("index", "value", Args.REQUIRED)[0];
        List<Object> items = items(self);
        for (int i = 0; i < items.size(); i++) {
            if (PyObjects.eq(items.get(i), value)) {
                return (long) i;
            }
        }
        throw PyException.valueError(self instanceof PyTuple ? "tuple.index(x): x not in tuple"
                : PyRepr.repr(value) + " is not in list");
    }

    private static Object count(Session s, Object self, Args a) {
        Object value = a.bind("count", "value", Args.REQUIRED)[0];
        return items(self).stream().filter(x -> PyObjects.eq(x, value)).count();
    }
}
