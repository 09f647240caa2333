package dev.mlxgguf.server.models;

import dev.mlxgguf.api.ConflictException;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.NotFoundException;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.host.client.HostExit;
import dev.mlxgguf.host.client.HostProcess;
import dev.mlxgguf.host.protocol.Frame;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.server.stats.ProcessMonitor;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Which model runs in which slot. Loading reserves the slot id and the model under one lock before a
 * process is spawned, so concurrent loads of one slot or one model never create two processes.
 *
 * <p>Thread-safe. {@link #load} and {@link #unload} block the calling (virtual) thread while the host
 * starts or stops.
 */
public final class SlotRegistry implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SlotRegistry.class.getName());
    private static final Pattern SLOT_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    /** Interval of liveness pings to hosts. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** Silence after which a live host counts as hung. */
    static final Duration HUNG_AFTER = Duration.ofSeconds(10);

    private final ModelCatalog catalog;
    private final HostCommand command;
    private final ProcessMonitor monitor;
    private final CoreBudget cores;
    private final int queueCapacity;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("host-heartbeat").factory());

    /**
     * Creates a registry.
     *
     * @param catalog       the models folder
     * @param command       how to start hosts
     * @param monitor       process statistics
     * @param cores         the thread budget
     * @param queueCapacity waiting requests per slot
     */
    public SlotRegistry(ModelCatalog catalog, HostCommand command, ProcessMonitor monitor, CoreBudget cores,
                        int queueCapacity) {
        this.catalog = catalog;
        this.command = command;
        this.monitor = monitor;
        this.cores = cores;
        this.queueCapacity = queueCapacity;
        heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Pings every ready host; a host that has not answered for {@link #HUNG_AFTER} is alive but stuck
     * (e.g. stopped, or deadlocked in native code): it is killed, which fails its requests like a crash.
     */
    private void beat() {
        for (Slot s : slots()) {
            s.host().filter(h -> s.state() == SlotState.READY && h.isAlive()).ifPresent(h -> {
                if (h.pingOutstandingFor().compareTo(HUNG_AFTER) > 0) {
                    LOG.log(Level.WARNING, "slot " + s.id() + ": model process stopped answering for "
                            + h.pingOutstandingFor().toSeconds() + " s; killing it");
                    s.lastError("model process stopped responding");
                    h.kill();
                } else {
                    h.ping();
                }
            });
        }
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

    /** {@return the catalog} */
    public ModelCatalog catalog() {
        return catalog;
    }

    /**
     * Loads a model into a slot and waits until it can serve.
     *
     * @param slotId the slot
     * @param req    what to load
     * @return the ready slot
     * @throws NotFoundException   unknown model
     * @throws ConflictException   slot occupied, or the model already loaded elsewhere
     * @throws ModelLoadException  the engine could not load it
     */
    public Slot load(String slotId, LoadRequest req) {
        checkSlotId(slotId);
        ModelEntry model = catalog.resolve(req.modelName(), "llm_model_name");
        Slot slot = reserve(slotId, model, req);
        HostProcess host = null;
        try {
            host = HostProcess.start(command, slotId);
            slot.host(host);
            monitor.watch(host.pid());
            HostLoadSpec spec = new HostLoadSpec(Optional.empty(), model.path(), Optional.empty(),
                    req.contextLength(), req.chatFormat(), cores.forLoad());
            Frame.Loaded loaded = host.load(spec).get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            slot.info(loaded.info());
            synchronized (this) {
                if (slot.state() != SlotState.LOADING) {
                    throw new UnavailableException("the load was cancelled by an unload");
                }
                slot.state(SlotState.READY);
            }
            HostProcess h = host;
            host.onExit().thenAccept(exit -> hostExited(slot, h, exit));
            LOG.log(Level.INFO, String.format("slot %s: loaded %s in %.0f ms (pid %d)", slotId, model.name(),
                    loaded.loadNanos() / 1e6, host.pid()));
            return slot;
        } catch (IOException e) {
            throw abandon(slot, host, new ModelLoadException("cannot start a model process: " + e.getMessage(), e));
        } catch (ExecutionException e) {
            LlmException cause = e.getCause() instanceof LlmException le ? le
                    : new ModelLoadException("model load failed: " + e.getCause());
            if (cause instanceof UnavailableException || cause instanceof dev.mlxgguf.api.HostCrashedException) {
                cause = slot.state() == SlotState.UNLOADING ? new UnavailableException("the load was cancelled by an unload")
                        : new ModelLoadException("the model process died while loading: " + cause.getMessage());
            }
            throw abandon(slot, host, cause);
        } catch (TimeoutException e) {
            throw abandon(slot, host, new ModelLoadException("model load timed out after " + LOAD_TIMEOUT.toMinutes() + " min"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw abandon(slot, host, new UnavailableException("the load was interrupted"));
        } catch (LlmException e) {
            throw abandon(slot, host, e);
        }
    }

    private synchronized Slot reserve(String slotId, ModelEntry model, LoadRequest req) {
        Slot current = slots.get(slotId);
        if (current != null) {
            throw new ConflictException("slot " + slotId + " already holds model '" + current.model().name()
                    + "'; unload it first");
        }
        for (Slot s : slots.values()) {
            if (s.model().name().equals(model.name()) && s.load().adapterName().equals(req.adapterName())) {
                throw new ConflictException("model '" + model.name() + "' is already loaded in slot " + s.id());
            }
        }
        Slot slot = new Slot(slotId, model, req, new RequestQueue(queueCapacity));
        slots.put(slotId, slot);
        return slot;
    }

    private LlmException abandon(Slot slot, HostProcess host, LlmException error) {
        synchronized (this) {
            slots.remove(slot.id(), slot);
        }
        slot.queue().close(error);
        if (host != null) {
            host.stop(STOP_GRACE);
            monitor.unwatch(host.pid());
        }
        LOG.log(Level.WARNING, "slot " + slot.id() + ": load of " + slot.model().name() + " failed: " + error.getMessage());
        return error;
    }

    /**
     * Unloads a slot: waiting requests fail, running ones end with an error, the process is stopped.
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
        slot.queue().close(new UnavailableException("the model was unloaded"));
        slot.host().ifPresent(h -> {
            h.stop(STOP_GRACE);
            monitor.unwatch(h.pid());
        });
        synchronized (this) {
            slots.remove(slotId, slot);
        }
        LOG.log(Level.INFO, "slot " + slotId + ": unloaded " + slot.model().name());
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
     * The slot serving a model.
     *
     * @param modelName the model name
     * @return the first slot (by id) holding it
     */
    public synchronized Optional<Slot> slotServing(String modelName) {
        return slots.values().stream().filter(s -> s.model().name().equals(modelName))
                .min(Comparator.comparing(Slot::id));
    }

    /** {@return all slots, sorted by id} */
    public synchronized List<Slot> slots() {
        List<Slot> all = new ArrayList<>(slots.values());
        all.sort(Comparator.comparing(Slot::id));
        return all;
    }

    private void hostExited(Slot slot, HostProcess host, HostExit exit) {
        monitor.unwatch(host.pid());
        if (exit.requested() || slot.state() == SlotState.UNLOADING) {
            return;
        }
        slot.lastError("model process " + exit.description());
        slot.state(SlotState.CRASHED);
        LOG.log(Level.WARNING, "slot " + slot.id() + ": model process " + exit.description());
    }

    /** Stops every host (in parallel) and waits for them. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        List<Slot> all;
        synchronized (this) {
            all = new ArrayList<>(slots.values());
            all.forEach(s -> s.state(SlotState.UNLOADING));
        }
        List<Thread> stoppers = new ArrayList<>();
        for (Slot s : all) {
            s.queue().close(new UnavailableException("the server is shutting down"));
            s.host().ifPresent(h -> stoppers.add(Thread.ofVirtual().start(() -> h.stop(STOP_GRACE))));
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            slots.clear();
        }
    }
}
