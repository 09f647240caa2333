package dev.mlxgguf.server.models;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * The crash record of one slot and the restart policy derived from it: restart after 1, 2, 4 … 60 s
 * (doubling with each crash since the host last served a request: a host that serves between occasional deaths
 * comes back after 1 s every time), and give up ("failed") after
 * {@link #BREAKER_COUNT} crashes within {@link #BREAKER_WINDOW} with no request served between them: a
 * host that serves between occasional deaths (the OOM killer taking long prompts) is not a crash loop, one
 * that dies at load or before its first answer is. Thread-safe (synchronized).
 */
final class CrashHistory {

    /** Crashes within {@link #BREAKER_WINDOW} that stop the restarts. */
    static final int BREAKER_COUNT = 3;
    /** Window of the crash-loop breaker. */
    static final Duration BREAKER_WINDOW = Duration.ofMinutes(5);
    /** Longest backoff. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** Crash times since the last served request: the crash loop the breaker looks at. */
    private final ArrayDeque<Long> unserved = new ArrayDeque<>();

    /**
     * Records a crash.
     *
     * @param nowNanos {@link System#nanoTime()} of the crash
     */
    synchronized void record(long nowNanos) {
        unserved.addLast(nowNanos);
    }

    /**
     * Whether the breaker trips.
     *
     * @param nowNanos now
     * @return true when at least {@link #BREAKER_COUNT} crashes without a served request between them fell
     *         within {@link #BREAKER_WINDOW}
     */
    synchronized boolean tripped(long nowNanos) {
        return unserved.stream().filter(t -> nowNanos - t <= BREAKER_WINDOW.toNanos()).count() >= BREAKER_COUNT;
    }

    /** Records that the host answered a request: earlier crashes no longer count towards the breaker or the backoff. */
    synchronized void served() {
        unserved.clear();
    }

    /** {@return the wait before the next restart: 1 s doubled per earlier crash since a served request, at most 60 s} */
    synchronized Duration backoff() {
        int earlier = Math.max(0, unserved.size() - 1);
        long seconds = earlier >= 6 ? MAX_BACKOFF.toSeconds() : Math.min(MAX_BACKOFF.toSeconds(), 1L << earlier);
        return Duration.ofSeconds(seconds);
    }

    /** Forgets every crash (a fresh load). */
    synchronized void clear() {
        unserved.clear();
    }
}
