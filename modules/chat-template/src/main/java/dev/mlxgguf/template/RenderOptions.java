package dev.mlxgguf.template;

import java.time.Clock;
import java.util.Objects;

/**
 * Settings for one render: the clock behind {@code strftime_now} and the bounds that keep a hostile or
 * buggy template from hanging or exhausting memory. Exceeding a bound throws
 * {@link TemplateException.LimitExceeded}.
 *
 * @param clock          the clock (and zone) {@code strftime_now} reads; HF uses the local time
 * @param maxOutputChars the largest output, and the largest string or list any expression may build
 * @param maxSteps       the evaluation budget: one step per node evaluated, loop iteration and element a
 *                       filter touches
 * @param maxCallDepth   the deepest nesting of macro calls (and recursive loops)
 */
public record RenderOptions(Clock clock, int maxOutputChars, long maxSteps, int maxCallDepth) {

    /** 1 MiB of characters. */
    public static final int DEFAULT_MAX_OUTPUT_CHARS = 1 << 20;
    /** Ten million steps: far beyond any real chat template, and well under a second of work. */
    public static final long DEFAULT_MAX_STEPS = 10_000_000L;
    /** Macro recursion depth; real templates nest a handful of levels (JSON schema rendering). */
    public static final int DEFAULT_MAX_CALL_DEPTH = 64;

    /** Checks the components: a null or out-of-range one throws. */
    public RenderOptions {
        Objects.requireNonNull(clock, "clock");
        if (maxOutputChars < 1 || maxSteps < 1 || maxCallDepth < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** {@return the defaults: the system clock in the default zone and the default limits} */
    public static RenderOptions defaults() {
        return new RenderOptions(Clock.systemDefaultZone(), DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_STEPS,
                DEFAULT_MAX_CALL_DEPTH);
    }

    /**
     * A copy with another clock, e.g. a fixed one for reproducible output.
     *
     * @param newClock the clock
     * @return the copy
     */
    public RenderOptions withClock(Clock newClock) {
        return new RenderOptions(newClock, maxOutputChars, maxSteps, maxCallDepth);
    }
}
