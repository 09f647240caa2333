package dev.mlxgguf.template;

import java.util.List;
import java.util.Map;

/**
 * The evaluated arguments of a call, filter or test (without the value a filter or test applies to).
 *
 * @param positional the positional arguments, in order
 * @param keywords   the keyword arguments, in call order
 */
record Args(List<Object> positional, Map<String, Object> keywords) {

    /** No arguments. */
    static final Args NONE = new Args(List.of(), Map.of());

    /** Marks a parameter without a default in {@link #bind}. */
    static final Object REQUIRED = new Object();

    /**
     * Binds the arguments to a Python-style signature.
     *
     * @param function the function name, for messages
     * @param spec     alternating parameter names and defaults ({@link #REQUIRED} for none)
     * @return the bound values, one per parameter
     * @throws PyException a {@code TypeError} for too many, unknown, duplicate or missing arguments
     */
    Object[] bind(String function, Object... spec) {
        int n = spec.length / 2;
        if (positional.size() > n) {
            throw PyException.typeError(function + "() takes at most " + n + " argument(s) but "
                    + positional.size() + " were given");
        }
        Object[] bound = new Object[n];
        boolean[] set = new boolean[n];
        for (int i = 0; i < positional.size(); i++) {
            bound[i] = positional.get(i);
            set[i] = true;
        }
        for (Map.Entry<String, Object> kw : keywords.entrySet()) {
            int at = indexOf(spec, kw.getKey());
            if (at < 0) {
                throw PyException.typeError(function + "() got an unexpected keyword argument '" + kw.getKey() + "'");
            }
            if (set[at]) {
                throw PyException.typeError(function + "() got multiple values for argument '" + kw.getKey() + "'");
            }
            bound[at] = kw.getValue();
            set[at] = true;
        }
        for (int i = 0; i < n; i++) {
            if (!set[i]) {
                if (spec[2 * i + 1] == REQUIRED) {
                    throw PyException.typeError(function + "() missing required argument '" + spec[2 * i] + "'");
                }
                bound[i] = spec[2 * i + 1];
            }
        }
        return bound;
    }

    private static int indexOf(Object[] spec, String name) {
        for (int i = 0; i < spec.length; i += 2) {
            if (spec[i].equals(name)) {
                return i / 2;
            }
        }
        return -1;
    }
}
