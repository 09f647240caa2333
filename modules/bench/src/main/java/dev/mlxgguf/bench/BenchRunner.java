package dev.mlxgguf.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the concurrency levels one after another: at each level {@code c} clients take the level's
 * requests from a shared counter until all are done or the run's time bound passes. Prints a progress
 * line to {@code progress} about once a second.
 */
final class BenchRunner {

    private final BenchConfig config;
    private final StreamingClient client;
    private final PrintStream progress;

    BenchRunner(BenchConfig config, StreamingClient client, PrintStream progress) {
        this.config = config;
        this.client = client;
        this.progress = progress;
    }

    List<LevelResult> run(PromptBuilder.Prompt prompt) throws InterruptedException {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        List<LevelResult> levels = new ArrayList<>();
        AtomicInteger requestIndex = new AtomicInteger();
        for (int c : config.concurrency()) {
            levels.add(level(c, prompt, deadline, requestIndex));
        }
        return levels;
    }

    private LevelResult level(int concurrency, PromptBuilder.Prompt prompt, long deadline, AtomicInteger requestIndex)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<RequestOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                pool.submit(() -> {
                    while (next.getAndIncrement() < config.requests() && System.nanoTime() < deadline) {
                        outcomes.add(client.run(prompt.forRequest(requestIndex.incrementAndGet())));
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                report(concurrency, outcomes, start);
            }
        }
        report(concurrency, outcomes, start);
        progress.println();
        return summarize(concurrency, outcomes, (System.nanoTime() - start) / 1e9);
    }

    private void report(int concurrency, List<RequestOutcome> outcomes, long start) {
        List<RequestOutcome> copy;
        synchronized (outcomes) {
            copy = new ArrayList<>(outcomes);
        }
        long tokens = copy.stream().filter(RequestOutcome::ok).mapToLong(RequestOutcome::completionTokens).sum();
        long failed = copy.stream().filter(o -> !o.ok()).count();
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        progress.printf("\r[concurrency %d] %d/%d done, %d failed, %.1f tok/s, %.0f s   ", concurrency, copy.size(),
                config.requests(), failed, tokens / seconds, seconds);
        progress.flush();
    }

    private LevelResult summarize(int concurrency, List<RequestOutcome> outcomes, double wallSeconds) {
        List<RequestOutcome> ok = outcomes.stream().filter(RequestOutcome::ok).toList();
        Map<String, Integer> errors = new TreeMap<>();
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> errors.merge(o.error(), 1, Integer::sum));
        long tokens = ok.stream().mapToLong(RequestOutcome::completionTokens).sum();
        return new LevelResult(concurrency, config.requests(), ok.size(), outcomes.size() - ok.size(),
                config.requests() - outcomes.size(), errors, wallSeconds, tokens,
                wallSeconds > 0 ? tokens / wallSeconds : 0,
                Percentiles.of(ok.stream().mapToDouble(RequestOutcome::decodeTokensPerSecond).filter(v -> v > 0).toArray()),
                Percentiles.of(ok.stream().mapToDouble(RequestOutcome::ttftMillis).toArray()),
                Percentiles.of(ok.stream().mapToDouble(RequestOutcome::latencyMillis).toArray()),
                Percentiles.of(ok.stream().mapToDouble(RequestOutcome::engineDecodeTokensPerSecond).filter(v -> v > 0).toArray()),
                Percentiles.of(ok.stream().mapToDouble(RequestOutcome::overheadMillis).filter(v -> v >= 0).toArray()));
    }
}
