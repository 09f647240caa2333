package dev.mlxgguf.template;

import java.time.Clock;

/**
 * The mutable state of one render: the step budget, the call depth and the limits. Confined to the
 * rendering thread.
 */
final class Session {
    /** How deep repr, JSON and equality may recurse into nested values. */
    static final int MAX_VALUE_DEPTH = 200;

    private final RenderOptions options;
    private long steps;
    private int depth;

    Session(RenderOptions options) {
        this.options = options;
    }

    Clock clock() {
        return options.clock();
    }

    /** Charges one step. */
    void step() {
        if (++steps > options.maxSteps()) {
            throw PyException.limit("template exceeded the evaluation budget of " + options.maxSteps() + " steps");
        }
    }

    /**
     * Charges work proportional to a size.
     *
     * @param n the number of elements touched
     */
    void step(long n) {
        steps += n;
        step();
    }

    /** Enters a macro call or a recursive loop level. */
    void enterCall() {
        if (++depth > options.maxCallDepth()) {
            depth--;
            throw PyException.limit("macro calls nested deeper than " + options.maxCallDepth());
        }
    }

    /** Leaves a level entered with {@link #enterCall()}. */
    void exitCall() {
        depth--;
    }

    /**
     * Checks the size of a string or list about to be built.
     *
     * @param size the size in characters or elements
     */
    void checkSize(long size) {
        if (size > options.maxOutputChars()) {
            throw PyException.limit("template built a value larger than " + options.maxOutputChars() + " characters");
        }
    }

    /**
     * Appends to an output buffer within the output bound.
     *
     * @param out  the buffer
     * @param text the text
     */
    void append(StringBuilder out, String text) {
        if ((long) out.length() + text.length() > options.maxOutputChars()) {
            throw PyException.limit("template output exceeded " + options.maxOutputChars() + " characters");
        }
        out.append(text);
    }
}
