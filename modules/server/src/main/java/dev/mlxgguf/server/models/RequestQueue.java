package dev.mlxgguf.server.models;

import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.OverloadedException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A slot's bounded FIFO of requests: at most one runs, and the running plus the waiting requests are
 * at most {@code capacity}. Waiting happens
 * on the request's own (virtual) thread in slices, so the caller can send keep-alives and notice a
 * disconnect between slices.
 *
 * <p>Thread-safe.
 */
public final class RequestQueue {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final LinkedHashMap<String, Ticket> waiting = new LinkedHashMap<>();
    private Ticket running;
    private LlmException closedWith;

    /**
     * Creates a queue.
     *
     * @param capacity how many requests the queue holds, the running one included
     */
    public RequestQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Queues a request.
     *
     * @param entry what to show about it in the process list
     * @return the ticket; the caller must {@link Ticket#close()} it
     * @throws OverloadedException if the queue is full
     */
    public Ticket admit(QueueEntry entry) {
        lock.lock();
        try {
            if (closedWith != null) {
                throw closedWith;
            }
            if (waiting.size() + (running == null ? 0 : 1) >= capacity) {
                throw new OverloadedException("the model's request queue is full (" + capacity + " requests); retry later", 1);
            }
            Ticket t = new Ticket(entry);
            waiting.put(entry.requestId(), t);
            changed.signalAll();
            return t;
        } finally {
            lock.unlock();
        }
    }

    /** {@return requests waiting, not counting the running one} */
    public int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** {@return true while a request runs} */
    public boolean busy() {
        lock.lock();
        try {
            return running != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the queue satisfies a condition, re-checked at every change (a request admitted, started,
     * finished or dropped). For clean-up and tests that must order their steps by the queue's state.
     *
     * @param condition asked under the queue's lock, with this queue
     * @param timeout   longest wait
     * @return whether the condition held before the timeout
     * @throws InterruptedException if the thread is interrupted
     */
    public boolean awaitCondition(java.util.function.Predicate<RequestQueue> condition, Duration timeout)
            throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!condition.test(this)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@return the running request (first) and the waiting ones, in order} */
    public List<QueueEntry> snapshot() {
        lock.lock();
        try {
            List<QueueEntry> all = new ArrayList<>();
            if (running != null) {
                all.add(running.entry);
            }
            waiting.values().forEach(t -> all.add(t.entry));
            return all;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails every waiting request with {@code error} and refuses new ones; the running request is
     * left to its own failure path. Used on unload and shutdown.
     *
     * @param error what waiting clients get
     */
    public void close(LlmException error) {
        lock.lock();
        try {
            closedWith = error;
            for (Ticket t : waiting.values()) {
                t.failure = error;
            }
            waiting.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails every waiting request with {@code error} but keeps accepting new ones (a crash: the
     * slot will serve again after its restart).
     *
     * @param error what waiting clients get
     * @return how many requests were failed
     */
    public int failWaiting(LlmException error) {
        lock.lock();
        try {
            int n = waiting.size();
            for (Ticket t : waiting.values()) {
                t.failure = error;
            }
            waiting.clear();
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes waiting requests older than {@code age}; they fail with {@code error}.
     *
     * @param age   minimum age
     * @param error what their clients get
     * @return the ids removed
     */
    public List<String> dropWaitingOlderThan(Duration age, LlmException error) {
        long cutoff = System.nanoTime() - age.toNanos();
        lock.lock();
        try {
            List<String> dropped = new ArrayList<>();
            for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Ticket> e = it.next();
                if (e.getValue().admittedNanos <= cutoff) {
                    e.getValue().failure = error;
                    dropped.add(e.getKey());
                    it.remove();
                }
            }
            changed.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the running request as cancelled by an administrator if it is older than {@code age}.
     *
     * @param age   minimum age since admission
     * @param error what its client gets
     * @return the running request's id, if it was marked
     */
    public java.util.Optional<String> cancelRunningOlderThan(Duration age, LlmException error) {
        lock.lock();
        try {
            if (running != null && System.nanoTime() - running.admittedNanos >= age.toNanos()) {
                running.cancellation = error;
                return java.util.Optional.of(running.entry.requestId());
            }
            return java.util.Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * What the process list shows about a queued or running request.
     *
     * @param requestId     the request id
     * @param task          the task name, e.g. {@code completions_stream}
     * @param params        the request's parameters (prompt text already truncated)
     * @param startEpochSec when it was admitted, unix seconds
     */
    public record QueueEntry(String requestId, String task, Map<String, Object> params, double startEpochSec) {
        /** Checks the components: a null or out-of-range one throws. */
        public QueueEntry {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(task, "task");
            params = dev.mlxgguf.api.JsonValues.copyObject(params);
        }
    }

    /** A request's place in the queue. Used by one request thread; close it exactly once. */
    public final class Ticket implements AutoCloseable {
        private final QueueEntry entry;
        private final long admittedNanos = System.nanoTime();
        private LlmException failure;
        private volatile LlmException cancellation;
        private boolean closed;

        private Ticket(QueueEntry entry) {
            this.entry = entry;
        }

        /** {@return the error an administrator's clean-up cancelled this running request with, if any} */
        public java.util.Optional<LlmException> cancellation() {
            return java.util.Optional.ofNullable(cancellation);
        }

        /** {@return nanoTime when the request was admitted} */
        public long admittedNanos() {
            return admittedNanos;
        }

        /**
         * Waits up to {@code slice} for this request's turn.
         *
         * @param slice longest wait
         * @return true when the request now runs, false if the slice passed first
         * @throws LlmException          if the request was dropped (unload, clean-up)
         * @throws InterruptedException  if the thread is interrupted
         */
        public boolean awaitTurn(Duration slice) throws InterruptedException {
            long nanos = slice.toNanos();
            lock.lock();
            try {
                while (true) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (running == this) {
                        return true;
                    }
                    if (running == null && !waiting.isEmpty() && waiting.firstEntry().getValue() == this) {
                        waiting.pollFirstEntry();
                        running = this;
                        changed.signalAll();
                        return true;
                    }
                    if (nanos <= 0) {
                        return false;
                    }
                    nanos = changed.awaitNanos(nanos);
                }
            } finally {
                lock.unlock();
            }
        }

        /** Leaves the queue (or ends the run) and lets the next request go. Idempotent. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                if (running == this) {
                    running = null;
                } else {
                    waiting.remove(entry.requestId(), this);
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

}
