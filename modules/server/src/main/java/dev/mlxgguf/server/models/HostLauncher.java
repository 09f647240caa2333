package dev.mlxgguf.server.models;

import dev.mlxgguf.api.HostCrashedException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.host.client.HostProcess;
import dev.mlxgguf.host.protocol.FromHost;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.server.stats.ProcessMonitor;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a host process for a slot and loads the slot's model into it. One job: spawn + load, with
 * every failure turned into an {@link LlmException} and no process left behind. Thread-safe.
 */
public final class HostLauncher {

    private static final System.Logger LOG = System.getLogger(HostLauncher.class.getName());
    private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);
    static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final HostCommand command;
    private final ProcessMonitor monitor;
    private final CoreBudget cores;

    public HostLauncher(HostCommand command, ProcessMonitor monitor, CoreBudget cores) {
        this.command = command;
        this.monitor = monitor;
        this.cores = cores;
    }

    /**
     * A started host with its model loaded.
     *
     * @param host   the process
     * @param loaded what the engine reported
     */
    record Launched(HostProcess host, FromHost.Loaded loaded) {
    }

    /**
     * Starts a host and loads the slot's model; publishes the host on the slot as soon as it exists,
     * so that an unload during the load can stop it.
     *
     * @param slot    the slot
     * @param adapter resolved adapter path, if any
     * @return the running host
     * @throws LlmException on any failure; the host is stopped by then
     */
    Launched launch(Slot slot, Optional<Path> adapter) {
        HostProcess host = null;
        try {
            host = HostProcess.start(command.forEngine(slot.model().format().engine()), slot.id());
            slot.host(host);
            monitor.watch(host.pid());
            LoadRequest req = slot.load();
            HostLoadSpec spec = new HostLoadSpec(Optional.empty(), slot.model().path(), adapter, req.contextLength(),
                    req.chatFormat(), cores.forLoad(), req.kvCache());
            FromHost.Loaded loaded = host.load(spec).get(LOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Launched(host, loaded);
        } catch (IOException e) {
            throw stop(host, new ModelLoadException("cannot start a model process: " + e.getMessage(), e));
        } catch (ExecutionException e) {
            LlmException cause = e.getCause() instanceof LlmException le ? le
                    : new ModelLoadException("model load failed: " + e.getCause());
            if (cause instanceof HostCrashedException) {
                cause = new ModelLoadException("the model process died while loading: " + cause.getMessage());
            }
            throw stop(host, cause);
        } catch (TimeoutException e) {
            throw stop(host, new ModelLoadException("model load timed out after " + LOAD_TIMEOUT.toMinutes() + " min"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stop(host, new UnavailableException("the load was interrupted"));
        }
    }

    /**
     * Stops a host and forgets it.
     *
     * @param host  the host, may be null
     * @param error the error to hand back
     * @return {@code error}
     */
    LlmException stop(HostProcess host, LlmException error) {
        if (host != null) {
            host.stop(STOP_GRACE);
            monitor.unwatch(host.pid());
            LOG.log(Level.DEBUG, "stopped host " + host.pid());
        }
        return error;
    }
}
