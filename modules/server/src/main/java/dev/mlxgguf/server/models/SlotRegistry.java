package dev.mlxgguf.server.models;

import dev.mlxgguf.api.ConflictException;
import dev.mlxgguf.api.HostCrashedException;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.NotFoundException;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.host.client.HostExit;
import dev.mlxgguf.host.client.HostProcess;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Which model runs in which slot, and the lifecycle of each slot's host: load (with memory-budget
 * eviction), unload, liveness pings, and crash handling (waiting requests fail at once; restart after
 * 1, 2, 4 … 60 s; after 3 crashes in 5 minutes the slot is {@link SlotState#FAILED} until loaded again).
 * Loading reserves the slot id and the model under one lock before any process is spawned, so
 * concurrent loads of one slot or one model never create two processes.
 *
 * <p>Thread-safe. {@link #load} and {@link #unload} block the calling (virtual) thread while hosts
 * start or stop; restarts and pings run on one scheduler thread.
 */
public final class SlotRegistry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SlotRegistry.class.getName());
    private static final Pattern SLOT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Interval of liveness pings to hosts. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** Silence after which a live host counts as hung. */
    static final Duration HUNG_AFTER = Duration.ofSeconds(10);
    /** Slots used by auto-load. */
    static final int AUTO_FIRST = 100;
    static final int AUTO_LAST = 199;

    private final ModelCatalog catalog;
    private final AdapterCatalog adapters;
    private final HostLauncher launcher;
    private final MemoryBudget budget;
    private final int queueCapacity;
    private final ContextSizing sizing;
    private final KvCacheType defaultKvCacheType;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("slot-supervisor").factory());

    private SlotRegistry(dev.mlxgguf.server.ServerConfig config, HostLauncher launcher) {
        this.catalog = new ModelCatalog(config.modelsDir());
        this.adapters = new AdapterCatalog(config.adaptersDir());
        this.launcher = launcher;
        this.budget = new MemoryBudget(config.maxMemoryBytes());
        this.queueCapacity = config.queueCapacity();
        this.sizing = new ContextSizing(config.ctxSize(), config.kvBudgetBytes());
        this.defaultKvCacheType = config.kvCacheType();
        scheduler.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the registry of a server: its models and adapters folders, memory budget, queue size and context
     * sizing.
     *
     * @param config   the server's settings
     * @param launcher starts and supervises host processes
     * @return the registry
     */
    public static SlotRegistry create(dev.mlxgguf.server.ServerConfig config, HostLauncher launcher) {
        return new SlotRegistry(config, launcher);
    }

    /**
     * Checks a slot id.
     *
     * @param id the id
     * @return the id
     * @throws InvalidRequestException if it is not 1–64 of {@code [A-Za-z0-9._-]}
     */
    public static String checkSlotId(String id) {
        if (id == null || !SLOT_ID.matcher(id).matches()) {
            throw new InvalidRequestException("X-Model-Id must be 1-64 characters of A-Z a-z 0-9 . _ -", "X-Model-Id");
        }
        return id;
    }

    /** {@return the models folder} */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** {@return the adapters folder} */
    public AdapterCatalog adapters() {
        return adapters;
    }

    /**
     * The KV cache type of a load: its own {@code kv_cache_type}, else {@code --kv-cache-type}. A quantized type needs
     * a GGUF model whose head size 32 divides: asked for by the load, it is refused (400); as the server's default it
     * falls back to f16 for models it does not fit, so that one server flag never blocks loading MLX folders.
     */
    private KvCacheType kvCacheType(LoadRequest req, ModelEntry model, ModelHeader header) {
        KvCacheType type = req.kvCacheType().orElse(defaultKvCacheType);
        String unfit = type == KvCacheType.F16 ? null
                : model.format() == ModelFormat.MLX ? model.name() + " is an MLX folder, whose engine keeps an f16 cache"
                : header.headDim() % 32 != 0 ? type.wireName() + " stores blocks of 32 values and " + model.name()
                        + " has a head size of " + header.headDim()
                : null;
        if (unfit == null) {
            return type;
        }
        if (req.kvCacheType().isPresent()) {
            throw new InvalidRequestException("kv_cache_type " + type.wireName() + " does not fit: " + unfit,
                    "kv_cache_type");
        }
        LOG.log(Level.INFO, "--kv-cache-type " + type.wireName() + " does not fit (" + unfit + "): loading with f16");
        return KvCacheType.F16;
    }

    /**
     * Loads a model into a slot and waits until it can serve.
     *
     * @param slotId the slot
     * @param req    what to load
     * @return the ready slot
     * @throws NotFoundException    unknown model or adapter
     * @throws ConflictException    slot occupied, or the model (with this adapter) already loaded elsewhere
     * @throws UnavailableException the memory budget cannot fit it
     * @throws dev.mlxgguf.api.ModelLoadException the engine could not load it
     */
    public Slot load(String slotId, LoadRequest req) {
        checkSlotId(slotId);
        ModelEntry model = catalog.resolve(req.modelName(), "llm_model_name");
        ModelHeader header = ModelHeaders.read(model);
        KvCacheType kvType = kvCacheType(req, model, header);
        LoadRequest typed = req.withKvCacheType(kvType);
        LoadRequest effective = typed.contextLength() > 0 ? typed
                : typed.withContextLength(sizing.choose(0, header, kvType));
        Optional<Path> adapter = effective.adapterName().map(a -> adapters.resolve(a).path());
        long estimate = budget.enabled() ? budget.estimate(model, header, effective) : 0;
        Slot slot;
        List<Slot> victims;
        synchronized (this) {
            checkFree(slotId, model, effective);
            victims = budget.victims(slots.values().stream().filter(s -> s.state() != SlotState.UNLOADING).toList(),
                    estimate, model.name());
            victims.forEach(v -> v.state(SlotState.UNLOADING));
            slot = new Slot(slotId, model, effective, adapter, estimate, header.kvCacheBytes(effective.contextLength(), kvType),
                    new RequestQueue(queueCapacity));
            slots.put(slotId, slot);
            notifyAll();
        }
        for (Slot v : victims) {
            LOG.log(Level.INFO, "slot " + v.id() + ": unloading " + v.model().name() + " to make room for " + model.name());
            stopSlot(v, new UnavailableException("the model was unloaded to make room for another model"));
        }
        try {
            launch(slot);
        } catch (LlmException e) {
            remove(slot, e);
            LOG.log(Level.WARNING, "slot " + slotId + ": load of " + model.name() + " failed: " + e.getMessage());
            throw e;
        }
        return slot;
    }

    /**
     * The ready slot serving a model, loading it into a free auto-load slot (100–199) when needed.
     *
     * @param modelName a model of the catalog
     * @return the slot
     */
    public Slot ensureLoaded(String modelName) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Slot> existing = slotServing(modelName);
            if (existing.isPresent()) {
                return awaitReady(existing.get());
            }
            String free;
            synchronized (this) {
                free = null;
                for (int i = AUTO_FIRST; i <= AUTO_LAST && free == null; i++) {
                    free = slots.containsKey(Integer.toString(i)) ? null : Integer.toString(i);
                }
            }
            if (free == null) {
                throw new UnavailableException("no free slot for auto-loading (100-199 are all in use)");
            }
            try {
                LOG.log(Level.INFO, "auto-loading " + modelName + " into slot " + free);
                return load(free, new LoadRequest(modelName, Optional.empty(), Optional.empty(), 0, Map.of(), true, 0));
            } catch (ConflictException raced) {
                // another request loads it, or took the slot: look again
            }
        }
        throw new UnavailableException("could not auto-load model '" + modelName + "'");
    }

    private Slot awaitReady(Slot slot) {
        try {
            slot.awaitState(s -> s.state() != SlotState.LOADING, Duration.ofMinutes(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while the model loads");
        }
        return slot;
    }

    private void checkFree(String slotId, ModelEntry model, LoadRequest req) {
        Slot current = slots.get(slotId);
        if (current != null) {
            throw new ConflictException("slot " + slotId + " already holds model '" + current.model().name()
                    + "'; unload it first");
        }
        for (Slot s : slots.values()) {
            if (s.model().name().equals(model.name()) && s.load().adapterName().equals(req.adapterName())
                    && s.state() != SlotState.UNLOADING) {
                throw new ConflictException("model '" + model.name() + "'" + req.adapterName().map(a -> " with adapter '"
                        + a + "'").orElse("") + " is already loaded in slot " + s.id());
            }
        }
    }

    /** Starts the slot's host and makes the slot ready; throws if it failed or was unloaded meanwhile. */
    private void launch(Slot slot) {
        HostLauncher.Launched l = launcher.launch(slot, slot.adapterPath());
        synchronized (this) {
            if (slot.state() == SlotState.UNLOADING || slots.get(slot.id()) != slot) {
                throw launcher.stop(l.host(), new UnavailableException("the load was cancelled by an unload"));
            }
            slot.loaded(l.loaded().info(), l.loaded().samplingDefaults());
            slot.state(SlotState.READY);
        }
        HostProcess host = l.host();
        host.onExit().thenAccept(exit -> hostExited(slot, host, exit));
        LOG.log(Level.INFO, String.format("slot %s: loaded %s in %.0f ms (pid %d)", slot.id(), slot.model().name(),
                l.loaded().loadNanos() / 1e6, host.pid()));
    }

    /**
     * Restarts a slot whose host crashed or whose crash-loop breaker tripped, now, with a clean crash record
     * ({@code POST /management/process/restart}). Returns once the new host serves.
     *
     * @param slotId the slot
     * @return the ready slot
     * @throws NotFoundException if the slot is empty
     * @throws ConflictException if the slot is not failed or crashed (nothing to restart)
     * @throws LlmException      if the new host fails too (the slot is then crashed again, with backoff)
     */
    public Slot restartNow(String slotId) {
        checkSlotId(slotId);
        Slot slot;
        synchronized (this) {
            slot = slots.get(slotId);
            if (slot == null) {
                throw new NotFoundException("slot " + slotId + " holds no model");
            }
            if (slot.state() != SlotState.FAILED && slot.state() != SlotState.CRASHED) {
                throw new ConflictException("slot " + slotId + " is " + slot.state().wireName()
                        + "; only a failed or crashed slot is restarted");
            }
            slot.crashes().clear();
            slot.state(SlotState.RESTARTING); // a scheduled restart of a crashed slot now finds nothing to do
        }
        LOG.log(Level.INFO, "slot " + slotId + ": restart requested for " + slot.model().name());
        try {
            launch(slot);
        } catch (LlmException e) {
            synchronized (this) {
                if (slot.state() == SlotState.RESTARTING) {
                    slot.state(SlotState.CRASHED);
                }
            }
            crashed(slot, "restart failed: " + e.getMessage());
            throw e;
        }
        return slot;
    }

    /**
     * Unloads a slot: waiting requests fail, running ones end with an error, the process is stopped.
     * Works in every state (also stops a pending restart).
     *
     * @param slotId the slot
     * @throws NotFoundException if the slot is empty
     */
    public void unload(String slotId) {
        checkSlotId(slotId);
        Slot slot;
        synchronized (this) {
            slot = slots.get(slotId);
            if (slot == null || slot.state() == SlotState.UNLOADING) {
                throw new NotFoundException("slot " + slotId + " holds no model");
            }
            slot.state(SlotState.UNLOADING);
        }
        stopSlot(slot, new UnavailableException("the model was unloaded"));
        LOG.log(Level.INFO, "slot " + slotId + ": unloaded " + slot.model().name());
    }

    private void stopSlot(Slot slot, LlmException error) {
        slot.queue().close(error);
        slot.host().ifPresent(h -> launcher.stop(h, error));
        synchronized (this) {
            slots.remove(slot.id(), slot);
            notifyAll();
        }
    }

    private void remove(Slot slot, LlmException error) {
        synchronized (this) {
            slots.remove(slot.id(), slot);
            notifyAll();
        }
        slot.queue().close(error);
    }

    /**
     * A slot by id.
     *
     * @param slotId the id
     * @return the slot, if one holds (or is loading) a model
     */
    public synchronized Optional<Slot> slot(String slotId) {
        return Optional.ofNullable(slots.get(slotId));
    }

    /**
     * Waits until a slot id holds a slot (one being loaded counts), re-checked whenever slots come and go.
     *
     * @param slotId  the slot id
     * @param timeout longest wait
     * @return the slot, or empty at the timeout
     * @throws InterruptedException if the thread is interrupted
     */
    public synchronized Optional<Slot> awaitSlot(String slotId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!slots.containsKey(slotId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return Optional.of(slots.get(slotId));
    }

    /**
     * The slot serving a model.
     *
     * @param modelName the model name
     * @return the first slot (by id) holding it
     */
    public synchronized Optional<Slot> slotServing(String modelName) {
        return slots.values().stream().filter(s -> s.model().name().equals(modelName) && s.state() != SlotState.UNLOADING)
                .min(Comparator.comparing(Slot::id));
    }

    /** {@return all slots, sorted by id} */
    public synchronized List<Slot> slots() {
        List<Slot> all = new ArrayList<>(slots.values());
        all.sort(Comparator.comparing(Slot::id));
        return all;
    }

    private void hostExited(Slot slot, HostProcess host, HostExit exit) {
        if (exit.requested() || slot.host().orElse(null) != host) {
            return;
        }
        crashed(slot, "model process " + exit.description());
    }

    /** A host died or a restart failed: fail waiting requests, then restart after a backoff or give up. */
    private void crashed(Slot slot, String reason) {
        Duration backoff;
        synchronized (this) {
            if (slot.state() == SlotState.UNLOADING || slots.get(slot.id()) != slot) {
                return;
            }
            long now = System.nanoTime();
            slot.lastError(reason);
            slot.crashes().record(now);
            slot.queue().failWaiting(new HostCrashedException(reason));
            if (slot.crashes().tripped(now)) {
                slot.state(SlotState.FAILED);
                LOG.log(Level.ERROR, "slot " + slot.id() + ": " + reason + "; " + CrashHistory.BREAKER_COUNT
                        + " crashes within " + CrashHistory.BREAKER_WINDOW.toMinutes() + " min: not restarting ("
                        + slot.model().name() + " must be loaded again)");
                return;
            }
            slot.state(SlotState.CRASHED);
            backoff = slot.crashes().backoff();
        }
        LOG.log(Level.WARNING, "slot " + slot.id() + ": " + reason + "; restarting in " + backoff.toSeconds() + " s");
        scheduler.schedule(() -> Thread.ofVirtual().start(() -> restart(slot)), backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart(Slot slot) {
        synchronized (this) {
            if (slot.state() != SlotState.CRASHED || slots.get(slot.id()) != slot) {
                return;
            }
            slot.state(SlotState.RESTARTING);
        }
        try {
            launch(slot);
        } catch (LlmException e) {
            synchronized (this) {
                if (slot.state() == SlotState.RESTARTING) {
                    slot.state(SlotState.CRASHED);
                }
            }
            crashed(slot, "restart failed: " + e.getMessage());
        }
    }

    /**
     * Pings every ready host; a host that leaves a ping unanswered for {@link #HUNG_AFTER} is alive but
     * stuck (stopped, or deadlocked in native code): it is killed, which fails its requests like a crash.
     */
    private void beat() {
        for (Slot s : slots()) {
            s.host().filter(h -> s.state() == SlotState.READY && h.isAlive()).ifPresent(h -> {
                if (h.pingOutstandingFor().compareTo(HUNG_AFTER) > 0) {
                    LOG.log(Level.WARNING, "slot " + s.id() + ": model process stopped answering for "
                            + h.pingOutstandingFor().toSeconds() + " s; killing it");
                    h.kill();
                } else {
                    h.ping();
                }
            });
        }
    }

    /** Stops every host (in parallel) and waits for them. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
            all.forEach(s -> s.state(SlotState.UNLOADING));
        }
        List<Thread> stoppers = new ArrayList<>();
        for (Slot s : all) {
            stoppers.add(Thread.ofVirtual().start(() -> stopSlot(s, new UnavailableException("the server is shutting down"))));
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
