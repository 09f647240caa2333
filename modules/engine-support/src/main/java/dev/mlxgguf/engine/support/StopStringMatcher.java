package dev.mlxgguf.engine.support;

import java.util.List;

/**
 * Finds stop strings in streamed text. Text that could still turn into a stop string is held back,
 * so that the client never sees any part of a stop string. Not thread-safe: one per generation.
 */
public final class StopStringMatcher {

    /**
     * What {@link #accept} decided.
     *
     * @param emit    text that is safe to send now
     * @param stopped true when a stop string was found; {@code emit} is the text before it and
     *                nothing after it may be sent
     */
    public record Result(String emit, boolean stopped) {
    }

    private final List<String> stops;
    private final StringBuilder held = new StringBuilder();
    private boolean stopped;

    /**
     * Creates a matcher.
     *
     * @param stops stop strings, none empty; an empty list passes text through
     */
    public StopStringMatcher(List<String> stops) {
        this.stops = List.copyOf(stops);
        if (this.stops.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("empty stop string");
        }
    }

    /**
     * Adds generated text.
     *
     * @param text the next piece
     * @return what may be emitted now, and whether a stop string ended the generation
     * @throws IllegalStateException if called after a stop string was found
     */
    public Result accept(String text) {
        if (stopped) {
            throw new IllegalStateException("already stopped");
        }
        if (stops.isEmpty()) {
            return new Result(text, false);
        }
        held.append(text);
        int first = -1;
        for (String stop : stops) {
            int at = held.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String emit = held.substring(0, first);
            held.setLength(0);
            return new Result(emit, true);
        }
        int keep = longestSuffixThatStartsAStop();
        String emit = held.substring(0, held.length() - keep);
        held.delete(0, held.length() - keep);
        return new Result(emit, false);
    }

    /** {@return true once a stop string was found} */
    public boolean stopped() {
        return stopped;
    }

    /** {@return the held-back text at the end of a generation that did not stop on a stop string} */
    public String flush() {
        String rest = stopped ? "" : held.toString();
        held.setLength(0);
        return rest;
    }

    private int longestSuffixThatStartsAStop() {
        int best = 0;
        int n = held.length();
        for (String stop : stops) {
            int max = Math.min(stop.length() - 1, n);
            for (int len = max; len > best; len--) {
                if (held.substring(n - len).regionMatches(0, stop, 0, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }
}
