package dev.mlxgguf.server.models;

import dev.mlxgguf.api.CacheReport;

import java.util.concurrent.atomic.AtomicLong;

/** Prompt-cache counters of one slot, for the process list. Thread-safe. */
public final class CacheStats {

    private final AtomicLong memoryHits = new AtomicLong();
    private final AtomicLong diskHits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong reusedTokens = new AtomicLong();
    private final AtomicLong savedBytes = new AtomicLong();

    /**
     * Counts one generation.
     *
     * @param report what its cache did
     * @param used   whether the request asked for the cache
     */
    public void record(CacheReport report, boolean used) {
        switch (report.source()) {
            case "memory" -> memoryHits.incrementAndGet();
            case "disk" -> diskHits.incrementAndGet();
            default -> {
                if (used) {
                    misses.incrementAndGet();
                }
            }
        }
        reusedTokens.addAndGet(report.reusedTokens());
        savedBytes.addAndGet(report.savedBytes());
    }

    /** {@return hits served from the host's memory} */
    public long memoryHits() {
        return memoryHits.get();
    }

    /** {@return hits served from disk} */
    public long diskHits() {
        return diskHits.get();
    }

    /** {@return requests that wanted the cache and found nothing} */
    public long misses() {
        return misses.get();
    }

    /** {@return prompt tokens not processed again} */
    public long reusedTokens() {
        return reusedTokens.get();
    }

    /** {@return bytes of states written to disk} */
    public long savedBytes() {
        return savedBytes.get();
    }
}
