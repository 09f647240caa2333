package dev.mlxgguf.template;

import java.util.List;

/**
 * A Python tuple: an immutable sequence that renders as {@code (a, b)} and is never equal to a list.
 *
 * @param items the elements (unmodifiable)
 */
record PyTuple(List<Object> items) {

    /** Copies the elements into an unmodifiable list (which may hold {@code null}). */
    PyTuple {
        items = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(items));
    }

    /**
     * A pair, as produced by {@code dict.items()}.
     *
     * @param first  the first element
     * @param second the second element
     * @return the tuple
     */
    static PyTuple pair(Object first, Object second) {
        java.util.ArrayList<Object> list = new java.util.ArrayList<>(2);
        list.add(first);
        list.add(second);
        return new PyTuple(list);
    }
}
