package dev.mlxgguf.server.models;

import dev.mlxgguf.api.UnavailableException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code --max-memory-gb} budget: estimates what a model needs (file size of the weights, an F16
 * KV cache for its context from the header, and a host process allowance) and chooses which idle,
 * auto-unloadable models to unload to make room: lowest priority first, then least recently used.
 * Pure; the registry calls it under its lock.
 */
final class MemoryBudget {

    /** What a host JVM itself costs, beyond weights and cache. */
    static final long HOST_OVERHEAD = 160L << 20;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final long maxBytes;

    MemoryBudget(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean enabled() {
        return maxBytes > 0;
    }

    /**
     * Estimates a model's memory.
     *
     * @param model the model
     * @param h     its header (read once per load by the caller)
     * @param req   how it is loaded (context length)
     * @return bytes
     */
    long estimate(ModelEntry model, ModelHeader h, LoadRequest req) {
        int context = req.contextLength() > 0 ? req.contextLength() : h.contextLength();
        return model.sizeBytes() + h.kvCacheBytes(context, req.kvCache()) + HOST_OVERHEAD;
    }

    /**
     * Chooses the slots to unload so that {@code needed} more bytes fit.
     *
     * @param loaded the slots counted against the budget
     * @param needed the new model's estimate
     * @param name   the new model's name, for the message
     * @return the slots to unload (possibly none)
     * @throws UnavailableException if the model cannot fit even after unloading every candidate
     */
    List<Slot> victims(Collection<Slot> loaded, long needed, String name) {
        if (!enabled()) {
            return List.of();
        }
        if (needed > maxBytes) {
            throw new UnavailableException(String.format("model '%s' needs about %.2f GiB but the memory budget is %.2f GiB",
                    name, needed / GIB, maxBytes / GIB));
        }
        long used = loaded.stream().mapToLong(Slot::estimateBytes).sum();
        List<Slot> candidates = new ArrayList<>(loaded.stream()
                .filter(s -> s.load().autoUnload() && s.state() == SlotState.READY && s.idle()).toList());
        candidates.sort(Comparator.comparingInt((Slot s) -> s.load().priority()).thenComparingLong(Slot::lastUsedNanos));
        List<Slot> victims = new ArrayList<>();
        for (Slot s : candidates) {
            if (used + needed <= maxBytes) {
                break;
            }
            victims.add(s);
            used -= s.estimateBytes();
        }
        if (used + needed > maxBytes) {
            throw new UnavailableException(String.format("model '%s' needs about %.2f GiB; %.2f of %.2f GiB are in use by "
                    + "models that are busy or not auto-unloadable", name, needed / GIB, used / GIB, maxBytes / GIB));
        }
        return victims;
    }
}
