package dev.mlxgguf.server.models;

import dev.mlxgguf.api.HostCrashedException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.host.client.HostProcess;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One numbered slot holding one model in one host process, with its request queue.
 *
 * <p>Thread-safe: state fields are volatile and changed only by the {@link SlotRegistry}.
 */
public final class Slot {

    private final String id;
    private final ModelEntry model;
    private final LoadRequest load;
    private final RequestQueue queue;
    private final Instant created = Instant.now();
    private volatile HostProcess host;
    private volatile ModelInfo info;
    private volatile SamplingParams samplingDefaults = SamplingParams.defaults();
    private volatile SlotState state = SlotState.LOADING;
    private volatile String lastError = "";
    private volatile long lastUsedNanos = System.nanoTime();
    private final CrashHistory crashes = new CrashHistory();
    private final CacheStats cacheStats = new CacheStats();
    private final String modelKey;
    private final Optional<java.nio.file.Path> adapterPath;
    private final long estimateBytes;
    private final long kvCacheBytes;

    Slot(String id, ModelEntry model, LoadRequest load, Optional<java.nio.file.Path> adapterPath, long estimateBytes,
         long kvCacheBytes, RequestQueue queue) {
        this.modelKey = dev.mlxgguf.server.cache.ModelKeys.of(model.path(), adapterPath);
        this.id = Objects.requireNonNull(id);
        this.model = Objects.requireNonNull(model);
        this.load = Objects.requireNonNull(load);
        this.adapterPath = Objects.requireNonNull(adapterPath);
        this.estimateBytes = estimateBytes;
        this.kvCacheBytes = kvCacheBytes;
        this.queue = Objects.requireNonNull(queue);
    }

    /** {@return the resolved adapter, if any} */
    Optional<java.nio.file.Path> adapterPath() {
        return adapterPath;
    }

    /** {@return the prompt-cache identity of this model and adapter} */
    public String modelKey() {
        return modelKey;
    }

    /** {@return the prompt-cache counters} */
    public CacheStats cacheStats() {
        return cacheStats;
    }

    /** {@return the estimated memory this model uses (weights + KV cache + process)} */
    public long estimateBytes() {
        return estimateBytes;
    }

    /** {@return one sequence's KV cache at the load's context and cache type, from the model's header (0 if unknown)} */
    public long kvCacheBytes() {
        return kvCacheBytes;
    }

    /** Records a request the host answered (it ends a crash loop, see {@link CrashHistory}). Thread-safe. */
    public void served() {
        crashes.served();
    }

    /** {@return the crash record} */
    CrashHistory crashes() {
        return crashes;
    }

    /** {@return true when no request runs or waits} */
    public boolean idle() {
        return !queue.busy() && queue.waitingCount() == 0;
    }

    /** {@return the slot id} */
    public String id() {
        return id;
    }

    /** {@return the model} */
    public ModelEntry model() {
        return model;
    }

    /** {@return how it was loaded} */
    public LoadRequest load() {
        return load;
    }

    /** {@return the request queue} */
    public RequestQueue queue() {
        return queue;
    }

    /** {@return when the slot was created} */
    public Instant created() {
        return created;
    }

    /** {@return the host process, if one was started} */
    public Optional<HostProcess> host() {
        return Optional.ofNullable(host);
    }

    /** {@return the engine's facts, once loaded} */
    public Optional<ModelInfo> info() {
        return Optional.ofNullable(info);
    }

    /** {@return the sampling values the engine gives requests for fields they leave out (reported at load)} */
    public SamplingParams samplingDefaults() {
        return samplingDefaults;
    }

    /** {@return the lifecycle state} */
    public SlotState state() {
        return state;
    }

    /** {@return nanoTime of the last request} */
    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** Marks the slot used now. */
    public void touch() {
        lastUsedNanos = System.nanoTime();
    }

    /**
     * The host to send a request to.
     *
     * @return the running host of a ready slot
     * @throws LlmException 503 when the model is loading, restarting, crashed, failed or unloading
     */
    public HostProcess readyHost() {
        HostProcess h = host;
        return switch (state) {
            case READY -> {
                if (h == null || !h.isAlive()) {
                    throw new HostCrashedException("the model process is not running");
                }
                yield h;
            }
            case LOADING -> throw new UnavailableException("the model is still loading");
            case CRASHED, RESTARTING -> throw new UnavailableException("the model process crashed and is restarting: " + lastError);
            case FAILED -> throw new UnavailableException("the model process keeps crashing and was stopped: " + lastError
                    + "; load the model again");
            case UNLOADING -> throw new UnavailableException("the model is being unloaded");
        };
    }

    void host(HostProcess h) {
        synchronized (this) {
            host = h;
            notifyAll();
        }
    }

    void loaded(ModelInfo i, SamplingParams defaults) {
        info = i;
        samplingDefaults = defaults;
    }

    void state(SlotState s) {
        synchronized (this) {
            state = s;
            notifyAll();
        }
    }

    /**
     * Waits until the slot satisfies a condition, re-checked at every change of its state or host process.
     *
     * @param condition asked with this slot
     * @param timeout   longest wait
     * @return the state when the condition held, or the state at the timeout
     * @throws InterruptedException if the thread is interrupted
     */
    public SlotState awaitState(java.util.function.Predicate<Slot> condition, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.test(this)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return state;
        }
    }

    void lastError(String e) {
        lastError = e;
    }

    /** {@return the last crash description, or empty} */
    public String lastError() {
        return lastError;
    }
}
