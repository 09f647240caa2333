package dev.mlxgguf.template;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * A single-pass Python iterator, as jinja2's generator filters ({@code map}, {@code select},
 * {@code items}, ...) return: always truthy, without a length, and empty once consumed. Like a Python
 * generator it does no work until first read, so an error in a filter surfaces where its result is
 * consumed; then it computes all elements at once (the filters have no side effects) and hands them out
 * one by one.
 */
final class PyIterator implements Iterator<Object> {
    private final String typeName;
    private Supplier<List<Object>> source;
    private List<Object> items;
    private int pos;

    /**
     * A lazy iterator.
     *
     * @param typeName the Python type name shown in messages, e.g. {@code generator}
     * @param source   computes the elements on first use
     */
    PyIterator(String typeName, Supplier<List<Object>> source) {
        this.typeName = typeName;
        this.source = source;
    }

    /**
     * An iterator over known elements.
     *
     * @param typeName the Python type name
     * @param items    the elements, not copied
     * @return the iterator
     */
    static PyIterator of(String typeName, List<Object> items) {
        return new PyIterator(typeName, () -> items);
    }

    /** {@return the Python type name} */
    String typeName() {
        return typeName;
    }

    private List<Object> items() {
        if (items == null) {
            items = source.get();
            source = null;
        }
        return items;
    }

    @Override
    public boolean hasNext() {
        return pos < items().size();
    }

    @Override
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return items.get(pos++);
    }

    /** {@return the elements not consumed yet, consuming them} */
    List<Object> drain() {
        List<Object> all = items();
        List<Object> rest = all.subList(pos, all.size());
        pos = all.size();
        return rest;
    }
}
