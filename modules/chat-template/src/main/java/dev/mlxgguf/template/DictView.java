package dev.mlxgguf.template;

import java.util.List;

/**
 * The result of {@code dict.keys()}, {@code dict.values()} or {@code dict.items()}: iterable many times,
 * sized, and rendered as {@code dict_items([('k', 'v')])}.
 *
 * @param typeName {@code dict_keys}, {@code dict_values} or {@code dict_items}
 * @param items    a snapshot of the elements (tuples for {@code dict_items})
 */
record DictView(String typeName, List<Object> items) {
}
