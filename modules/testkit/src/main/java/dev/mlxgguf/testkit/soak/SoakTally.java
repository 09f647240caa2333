package dev.mlxgguf.testkit.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts each kind of request by how it ended; keeps the first lost ones' reasons. Thread-safe. */
final class SoakTally {

    /** How a request ended: a result, an error answer (status or SSE error event), a cancel by the client, or lost. */
    enum Outcome { OK, ERROR, CANCELLED, LOST }

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<String> lost = new ArrayList<>();

    void record(String kind, Outcome outcome, String why) {
        counts.computeIfAbsent(kind + " " + outcome.name().toLowerCase(java.util.Locale.ROOT), k -> new LongAdder())
                .increment();
        if (outcome == Outcome.LOST) {
            synchronized (lost) {
                if (lost.size() < 20) {
                    lost.add(kind + ": " + why);
                }
            }
        }
    }

    long lost() {
        return counts.entrySet().stream().filter(e -> e.getKey().endsWith(" lost")).mapToLong(e -> e.getValue().sum()).sum();
    }

    String summary() {
        StringBuilder sb = new StringBuilder("requests by kind and outcome:\n");
        long total = 0;
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(counts).entrySet()) {
            sb.append("  ").append(e.getKey()).append(": ").append(e.getValue().sum()).append('\n');
            total += e.getValue().sum();
        }
        sb.append("  total: ").append(total).append(", lost: ").append(lost());
        synchronized (lost) {
            lost.forEach(l -> sb.append("\n  lost ").append(l));
        }
        return sb.toString();
    }
}
