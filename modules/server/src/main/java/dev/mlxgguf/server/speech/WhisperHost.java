package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.host.client.HostExit;
import dev.mlxgguf.host.client.HostProcess;
import dev.mlxgguf.host.protocol.FromHost;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.RequestQueue;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The whisper model in its own host process, kept running: started (and the model loaded) in the background when
 * the server starts, pinged every {@link #HEARTBEAT}, killed when it stops answering, and restarted after any exit
 * it was not asked for, after 1, 2, 4 … 60 s. Requests run one at a time through its FIFO {@link #queue()}.
 *
 * <p>Thread-safe. Requests of a host that dies fail at once (their calls end with
 * {@link dev.mlxgguf.api.HostCrashedException}); later requests wait for the restarted host.
 */
public final class WhisperHost implements AutoCloseable {

    /** Lifecycle of the whisper host. */
    public enum State {
        /** Starting the process or loading the model. */
        LOADING,
        /** Serving. */
        READY,
        /** Died or failed to load; a restart is scheduled. */
        RESTARTING,
        /** Closed with the server. */
        STOPPED
    }

    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    static final Duration HUNG_AFTER = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(WhisperHost.class.getName());
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration STABLE_AFTER = Duration.ofMinutes(1);
    private static final String SLOT = "whisper";

    private final HostCommand command;
    private final Path model;
    private final String engine;
    private final CoreBudget cores;
    private final RequestQueue queue;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("whisper-host").factory());
    private State state = State.LOADING;
    private HostProcess host;
    private String lastError = "";
    private int failures;
    private long readySinceNanos;

    private WhisperHost(HostCommand command, Path model, String engine, CoreBudget cores, int queueCapacity) {
        this.command = command;
        this.model = model;
        this.engine = engine;
        this.cores = cores;
        this.queue = new RequestQueue(queueCapacity);
    }

    /**
     * Starts the host in the background; returns at once.
     *
     * @param command       how to start host JVMs
     * @param model         the whisper model file
     * @param engine        the engine to load it with ({@code whisper}; tests use their fake engine)
     * @param cores         the thread budget (the load takes {@link CoreBudget#forLoad()} threads)
     * @param queueCapacity requests that may wait behind the running one
     * @return the supervisor
     */
    public static WhisperHost start(HostCommand command, Path model, String engine, CoreBudget cores, int queueCapacity) {
        WhisperHost w = new WhisperHost(command, model, engine, cores, queueCapacity);
        w.timer.execute(w::launch);
        w.timer.scheduleWithFixedDelay(w::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    /** {@return the model's file name (never its folder)} */
    public String modelName() {
        return model.getFileName().toString();
    }

    /** {@return the request queue} */
    public RequestQueue queue() {
        return queue;
    }

    /** {@return the current state} */
    public synchronized State state() {
        return state;
    }

    /** {@return the pid of the current host process, if one runs} */
    public synchronized Optional<Long> pid() {
        return Optional.ofNullable(host).filter(HostProcess::isAlive).map(HostProcess::pid);
    }

    /**
     * Waits until the host serves.
     *
     * @param timeout longest wait
     * @return the running host
     * @throws UnavailableException if it does not become ready in time (503, with the last failure)
     * @throws InterruptedException if the thread is interrupted
     */
    public synchronized HostProcess awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state != State.READY || host == null || !host.isAlive()) {
            long left = deadline - System.nanoTime();
            if (state == State.STOPPED || left <= 0) {
                throw unavailable();
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
        return host;
    }

    /** {@return the 503 that describes why the host does not serve now} */
    public synchronized UnavailableException unavailable() {
        return switch (state) {
            case READY -> new UnavailableException("the whisper model process is restarting");
            case LOADING -> new UnavailableException("the whisper model is still loading");
            case RESTARTING -> new UnavailableException("the whisper model process is restarting: " + lastError);
            case STOPPED -> new UnavailableException("the server is shutting down");
        };
    }

    private void launch() {
        HostProcess h = null;
        try {
            synchronized (this) {
                if (state == State.STOPPED) {
                    return;
                }
                state = State.LOADING;
            }
            h = HostProcess.start(command.forEngine(engine), SLOT);
            HostLoadSpec spec = new HostLoadSpec(Optional.of(engine), model, Optional.empty(), 0, Optional.empty(),
                    cores.forLoad());
            FromHost.Loaded loaded = h.load(spec).get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            HostProcess started = h;
            synchronized (this) {
                if (state == State.STOPPED) {
                    h.stop(STOP_GRACE);
                    return;
                }
                host = h;
                state = State.READY;
                readySinceNanos = System.nanoTime();
                notifyAll();
            }
            h.onExit().thenAccept(exit -> exited(started, exit));
            LOG.log(Level.INFO, String.format("whisper: loaded %s in %.0f ms (pid %d, engine %s)", modelName(),
                    loaded.loadNanos() / 1e6, h.pid(), loaded.engine()));
        } catch (IOException | ExecutionException | TimeoutException | RuntimeException e) {
            if (h != null) {
                h.kill();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            // Client-visible (503 messages): engine messages name files only; anything else stays in the log.
            String why = cause instanceof LlmException le ? le.getMessage()
                    : e instanceof TimeoutException ? "the load timed out" : "the host process could not be started";
            LOG.log(Level.ERROR, "whisper: cannot load " + modelName() + ": " + (cause instanceof LlmException ? why : cause));
            restartLater(cause instanceof ModelLoadException ? why : "load failed: " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exited(HostProcess h, HostExit exit) {
        synchronized (this) {
            if (host != h || state == State.STOPPED || exit.requested()) {
                return;
            }
            host = null;
            if (System.nanoTime() - readySinceNanos > STABLE_AFTER.toNanos()) {
                failures = 0;
            }
        }
        LOG.log(Level.WARNING, "whisper: model process " + exit.description() + "; restarting");
        restartLater("model process " + exit.description());
    }

    private void restartLater(String why) {
        Duration backoff;
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.RESTARTING;
            lastError = why;
            backoff = Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(6, failures)));
            failures++;
            notifyAll();
        }
        timer.schedule(this::launch, backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pings the ready host; one that has not answered for {@link #HUNG_AFTER} is killed (and then restarted). */
    private void beat() {
        HostProcess h;
        synchronized (this) {
            h = state == State.READY ? host : null;
        }
        if (h == null || !h.isAlive()) {
            return;
        }
        if (h.pingOutstandingFor().compareTo(HUNG_AFTER) > 0) {
            LOG.log(Level.WARNING, "whisper: model process stopped answering for " + h.pingOutstandingFor().toSeconds()
                    + " s; killing it");
            h.kill();
        } else {
            h.ping();
        }
    }

    /** Stops the host and the supervisor; waiting requests fail with 503. Idempotent. */
    @Override
    public void close() {
        HostProcess h;
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPED;
            h = host;
            host = null;
            notifyAll();
        }
        timer.shutdownNow();
        queue.close(new UnavailableException("the server is shutting down"));
        if (h != null) {
            h.stop(STOP_GRACE);
        }
    }
}
