package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * jinja2's {@code loop} object. Like jinja2's {@code LoopContext} it reads its source lazily: it peeks
 * one element ahead only for {@code last}/{@code nextitem}, and reads everything only when
 * {@code length}/{@code revindex} is asked for an unsized source (such as a loop with an {@code if}
 * filter).
 */
final class LoopContext implements PyCallable {

    /** Runs the loop body over another iterable for {@code loop(children)} in a recursive loop. */
    @FunctionalInterface
    interface Recursion {
        /**
         * Renders the loop over the iterable.
         *
         * @param iterable the new iterable
         * @param depth0   the new zero-based depth
         * @return the rendered text
         */
        String render(Object iterable, int depth0);
    }

    private Iterator<Object> source;
    private long length;
    private final int depth0;
    private final Recursion recursion;
    private long index0 = -1;
    private Object current = PyObjects.MISSING;
    private Object before = PyObjects.MISSING;
    private Object after = PyObjects.MISSING;
    private Object lastChanged = PyObjects.MISSING;

    /**
     * Creates the loop object.
     *
     * @param source    the elements
     * @param length    the number of elements, or -1 when unknown
     * @param depth0    the zero-based recursion depth
     * @param recursion the recursion hook, or {@code null} for a loop without {@code recursive}
     */
    LoopContext(Iterator<Object> source, long length, int depth0, Recursion recursion) {
        this.source = source;
        this.length = length;
        this.depth0 = depth0;
        this.recursion = recursion;
    }

    /** {@return whether another element follows} */
    boolean hasNext() {
        return after != PyObjects.MISSING || source.hasNext();
    }

    /** {@return the next element, advancing the counters} */
    Object advance() {
        Object next;
        if (after != PyObjects.MISSING) {
            next = after;
            after = PyObjects.MISSING;
        } else {
            next = source.next();
        }
        index0++;
        before = current;
        current = next;
        return next;
    }

    /** {@return {@code loop.index}} */
    long index() {
        return index0 + 1;
    }

    /** {@return {@code loop.length}, reading the rest of an unsized source} */
    long length() {
        if (length < 0) {
            List<Object> rest = new ArrayList<>();
            source.forEachRemaining(rest::add);
            source = rest.iterator();
            length = rest.size() + index() + (after != PyObjects.MISSING ? 1 : 0);
        }
        return length;
    }

    private Object peek() {
        if (after == PyObjects.MISSING && source.hasNext()) {
            after = source.next();
        }
        return after;
    }

    /**
     * Reads an attribute of {@code loop}.
     *
     * @param name the attribute
     * @return the value, or {@link PyObjects#MISSING} for an unknown attribute
     */
    Object attribute(String name) {
        return switch (name) {
            case "index" -> index();
            case "index0" -> index0;
            case "revindex" -> length() - index0;
            case "revindex0" -> length() - index();
            case "first" -> index0 == 0;
            case "last" -> peek() == PyObjects.MISSING;
            case "length" -> length();
            case "depth" -> (long) depth0 + 1;
            case "depth0" -> (long) depth0;
            case "previtem" -> index0 == 0 ? Undefined.withHint("there is no previous item") : before;
            case "nextitem" -> {
                Object next = peek();
                yield next == PyObjects.MISSING ? Undefined.withHint("there is no next item") : next;
            }
            case "cycle" -> new BoundMethod(this, "cycle", (s, self, args) -> cycle(args));
            case "changed" -> new BoundMethod(this, "changed", (s, self, args) -> changed(args));
            default -> PyObjects.MISSING;
        };
    }

    private Object cycle(Args args) {
        if (args.positional().isEmpty()) {
            throw PyException.typeError("no items for cycling given");
        }
        return args.positional().get((int) (index0 % args.positional().size()));
    }

    private Object changed(Args args) {
        PyTuple value = new PyTuple(args.positional());
        if (lastChanged == PyObjects.MISSING || !PyObjects.eq(lastChanged, value)) {
            lastChanged = value;
            return true;
        }
        return false;
    }

    @Override
    public Object call(Session session, Args args) {
        if (recursion == null) {
            throw PyException.typeError("The loop must have the 'recursive' marker to be called recursively.");
        }
        Object[] a = args.bind("loop", "iterable", Args.REQUIRED);
        return recursion.render(a[0], depth0 + 1);
    }
}
