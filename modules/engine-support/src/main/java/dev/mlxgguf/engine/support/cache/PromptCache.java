package dev.mlxgguf.engine.support.cache;

import dev.mlxgguf.api.CacheOptions;
import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.engine.spi.KvState;
import dev.mlxgguf.kvstate.KvStateFile;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The prompt cache of one loaded model, shared by the engines. It knows which tokens the model's
 * {@link KvState} holds and, for a new prompt, keeps the longest shared prefix in memory or loads a longer
 * one from the disk cache, drops everything after it, and always leaves at least one prompt token to
 * compute (its logits start the generation). After a generation it records what the memory holds and, for
 * long prompts, saves that state to disk.
 *
 * <p>Confined to the model's thread.
 */
public final class PromptCache {

    private static final System.Logger LOG = System.getLogger(PromptCache.class.getName());
    /** A disk state must give at least this many more tokens than memory to be worth loading. */
    public static final int MIN_DISK_GAIN = 32;

    private final KvState state;
    private final PromptCacheStore store = new PromptCacheStore();
    private int[] resident = new int[0];

    /**
     * Creates the cache of a model.
     *
     * @param state the model's KV memory
     */
    public PromptCache(KvState state) {
        this.state = state;
    }

    /**
     * How a prompt starts.
     *
     * @param reuse    leading prompt tokens already in memory
     * @param source   {@code none}, {@code memory} or {@code disk}
     * @param loadedId the disk state loaded, or ""
     */
    public record Plan(int reuse, String source, String loadedId) {
        static final Plan NONE = new Plan(0, "none", "");
    }

    /**
     * Prepares the memory for a prompt.
     *
     * @param prompt the prompt tokens (at least one)
     * @param opts   the request's cache options
     * @return what is reused; the memory holds exactly {@code prompt[0..reuse)}
     */
    public Plan prepare(int[] prompt, CacheOptions opts) {
        if (!opts.enabled()) {
            return clear();
        }
        int limit = prompt.length - 1;
        int fromMemory = Math.min(PromptCacheStore.commonPrefix(resident, prompt), limit);
        Plan plan = fromMemory > 0 ? new Plan(fromMemory, "memory", "") : Plan.NONE;
        if (opts.disk() && fromMemory + MIN_DISK_GAIN <= limit) {
            Optional<PromptCacheStore.Match> m = store.best(Path.of(opts.directory()), opts.modelKey(), prompt,
                    fromMemory + MIN_DISK_GAIN);
            if (m.isPresent()) {
                plan = load(m.get()) ? new Plan(Math.min(m.get().common(), limit), "disk", m.get().header().id()) : Plan.NONE;
            }
        }
        if (plan.reuse() == 0 || !state.truncate(plan.reuse())) {
            return clear();
        }
        resident = Arrays.copyOf(prompt, plan.reuse());
        return plan;
    }

    /**
     * Records what the memory holds after a generation and saves it to disk for long prompts.
     *
     * @param held         the tokens whose KV the memory now holds, in order
     * @param promptTokens the prompt's length
     * @param opts         the request's cache options
     * @param plan         how the prompt started
     * @return the report for the result
     */
    public CacheReport finish(int[] held, int promptTokens, CacheOptions opts, Plan plan) {
        resident = opts.enabled() ? held : new int[0];
        if (!opts.disk() || promptTokens < opts.saveThreshold() || held.length == 0) {
            return new CacheReport(plan.source(), plan.reuse(), plan.loadedId(), "", 0);
        }
        try {
            KvStateFile.Header h = KvStateFile.write(Path.of(opts.directory()), opts.modelKey(), held, state.save(held.length));
            return new CacheReport(plan.source(), plan.reuse(), plan.loadedId(), h.id(), h.payloadAt() + h.payloadSize());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not save the prompt state: " + e.getMessage());
            return new CacheReport(plan.source(), plan.reuse(), plan.loadedId(), "", 0);
        }
    }

    /** Forgets what the memory holds (after a failure mid-way) and clears it. */
    public void forget() {
        clear();
    }

    private Plan clear() {
        state.clear();
        resident = new int[0];
        return Plan.NONE;
    }

    private boolean load(PromptCacheStore.Match m) {
        KvStateFile.Header h = m.header();
        try {
            ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(1, h.payloadSize()));
            KvStateFile.readPayload(m.file(), h, buffer);
            buffer.limit((int) h.payloadSize());
            if (state.restore(buffer, h.tokens().length)) {
                resident = h.tokens();
                return true;
            }
            LOG.log(Level.WARNING, "the engine rejected prompt state " + h.id() + " (another context size?)");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "removing corrupt prompt state " + m.file().getFileName() + ": " + e.getMessage());
            try {
                Files.deleteIfExists(m.file());
            } catch (IOException ignored) {
                // the server's index removes it at its next scan
            }
        }
        resident = new int[0];
        return false;
    }
}
