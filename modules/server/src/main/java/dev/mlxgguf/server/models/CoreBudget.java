package dev.mlxgguf.server.models;

import dev.mlxgguf.server.stats.MachineLoad;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides how many compute threads a generation may use: the free cores (cores minus what other
 * programs use, rounded, minus one kept for the server and the rest of the machine) shared by the
 * generations running at the same time, at least one. ggml busy-waits, so giving it more threads than
 * free cores makes it many times slower (190x was measured on 2 cores); the spare core absorbs load
 * that starts between two CPU samples.
 *
 * <p>Thread-safe.
 */
public final class CoreBudget {

    /** Cores never given to generations. */
    static final int SPARE_CORES = 1;

    private final MachineLoad monitor;
    private final int fixed;
    private final AtomicInteger running = new AtomicInteger();

    /**
     * Creates an automatic budget.
     *
     * @param monitor source of the machine's CPU use
     */
    public CoreBudget(MachineLoad monitor) {
        this(monitor, 0);
    }

    /**
     * Creates a budget.
     *
     * @param monitor source of the machine's CPU use
     * @param fixed   threads every generation gets (the user's choice), 0 = automatic
     */
    public CoreBudget(MachineLoad monitor, int fixed) {
        this.monitor = monitor;
        this.fixed = fixed;
    }

    /**
     * Registers a starting generation and returns its thread count; call {@link #finished()} after it.
     *
     * @return threads for the generation, at least 1
     */
    public int starting() {
        int n = running.incrementAndGet();
        return threadsFor(n);
    }

    /** Unregisters a generation. */
    public void finished() {
        running.decrementAndGet();
    }

    /** {@return threads a model load may use} */
    public int forLoad() {
        return threadsFor(Math.max(1, running.get()));
    }

    int threadsFor(int generations) {
        if (fixed > 0) {
            return fixed;
        }
        int free = monitor.cores() - (int) Math.round(monitor.externalBusyCores()) - SPARE_CORES;
        return Math.max(1, Math.min(monitor.cores(), free / Math.max(1, generations)));
    }
}
