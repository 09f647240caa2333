package dev.mlxgguf.engine.mlx.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs data-parallel loops ({@code task(0..n-1)}) on the calling thread plus helper platform threads.
 * Helpers spin between jobs (a decode step issues a few hundred short jobs per token, and waking a parked
 * thread costs more than the job) and park after 20 ms without work, i.e. between requests. Helpers are started on demand, up
 * to the largest thread count ever asked for, and a job never uses more threads than it asks for.
 *
 * <p>Threading: {@link #run} must be called from one thread at a time (the model's thread); tasks run
 * concurrently and must only write disjoint data. An exception thrown by a task is rethrown by
 * {@link #run} after all helpers finished the job. {@link #close()} stops the helpers (idempotent).
 */
public final class ComputePool implements AutoCloseable {

    // Helpers spin this long after a job before parking: longer than the serial gaps inside a decode step
    // (norms, sampling), so a helper only parks between requests. Waking a parked thread costs tens of
    // microseconds and, repeated for every product of a step, halves decode speed.
    private static final long SPIN_NANOS = 20_000_000L;

    private final List<Helper> helpers = new ArrayList<>();
    private final AtomicInteger nextTask = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile long jobSeq;
    private volatile boolean closed;
    private IntConsumer task;
    private int tasks;
    private int participants;

    /** Creates a pool with no helper threads yet. */
    public ComputePool() {
    }

    /**
     * Runs {@code task(i)} for every i in {@code [0, n)} and returns when all have run.
     *
     * @param threads threads to use, the caller included (1 = run inline)
     * @param n       number of tasks
     * @param body    the task; called concurrently
     */
    public void run(int threads, int n, IntConsumer body) {
        int helpersWanted = Math.min(threads, n) - 1;
        if (helpersWanted <= 0) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        ensureHelpers(helpersWanted);
        task = body;
        tasks = n;
        participants = helpersWanted;
        nextTask.set(0);
        finished.set(0);
        failure.set(null);
        jobSeq = jobSeq + 1;
        for (int i = 0; i < helpersWanted; i++) {
            LockSupport.unpark(helpers.get(i).thread);
        }
        work();
        for (int spin = 1; finished.get() < helpersWanted; spin++) {
            pause(spin);
        }
        task = null;
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    private void work() {
        try {
            int i;
            while ((i = nextTask.getAndIncrement()) < tasks) {
                task.accept(i);
            }
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
            nextTask.set(Integer.MAX_VALUE / 2);
        }
    }

    private void ensureHelpers(int count) {
        while (helpers.size() < count) {
            Helper h = new Helper(helpers.size(), jobSeq);
            helpers.add(h);
            h.thread.start();
        }
    }

    // Spinning threads must not starve other runnable threads: with two cores, a helper that only spins keeps
    // the JIT compiler threads off the CPU, and the Vector API code stays unoptimized (tens of times slower)
    // for seconds. So every 64th pause yields the core.
    private static void pause(int spin) {
        if ((spin & 63) == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    /** {@return the number of helper threads started so far} */
    public int helperCount() {
        return helpers.size();
    }

    @Override
    public void close() {
        closed = true;
        for (Helper h : helpers) {
            LockSupport.unpark(h.thread);
        }
    }

    private final class Helper implements Runnable {
        final int index;
        final Thread thread;
        private final long startSeq;

        // startSeq is read on the caller's thread before the job that needs this helper is published, so a
        // helper that starts running late still sees that job as new.
        Helper(int index, long startSeq) {
            this.index = index;
            this.startSeq = startSeq;
            this.thread = Thread.ofPlatform().daemon().name("mlx-compute-" + (index + 1)).unstarted(this);
        }

        @Override
        public void run() {
            long seen = startSeq;
            while (!closed) {
                long seq = awaitJob(seen);
                if (seq == seen) {
                    continue;
                }
                seen = seq;
                if (index < participants) {
                    work();
                    finished.incrementAndGet();
                }
            }
        }

        private long awaitJob(long seen) {
            long start = System.nanoTime();
            for (int spin = 1; ; spin++) {
                long seq = jobSeq;
                if (seq != seen || closed) {
                    return seq;
                }
                pause(spin);
                if ((spin & 1023) == 0 && System.nanoTime() - start > SPIN_NANOS) {
                    break;
                }
            }
            LockSupport.park(this);
            return jobSeq;
        }
    }
}
