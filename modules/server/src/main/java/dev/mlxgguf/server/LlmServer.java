package dev.mlxgguf.server;

import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.server.http.Routes;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.ModelCatalog;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.stats.ProcessMonitor;

import io.helidon.webserver.WebServer;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The server as a library: the HTTP listener, the slot registry and the process monitor, started and
 * stopped together. {@link Main} runs one; tests embed one.
 *
 * <p>Thread-safe. {@link #stop()} stops every host process and is idempotent.
 */
public final class LlmServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LlmServer.class.getName());

    private final ProcessMonitor monitor;
    private final SlotRegistry slots;
    private final WebServer web;
    private volatile boolean stopped;

    private LlmServer(ServerConfig config, HostCommand hosts) {
        this.monitor = new ProcessMonitor(Duration.ofSeconds(2));
        CoreBudget cores = new CoreBudget(monitor);
        this.slots = new SlotRegistry(new ModelCatalog(config.modelsDir()), hosts, monitor, cores, config.queueCapacity());
        this.web = WebServer.builder()
                .host(config.address())
                .port(config.port())
                .maxPayloadSize(256L << 20)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .routing(r -> Routes.register(r, config, slots, monitor, cores))
                .build();
    }

    /**
     * Starts a server.
     *
     * @param config settings
     * @param hosts  how to start host processes
     * @return the running server
     */
    public static LlmServer start(ServerConfig config, HostCommand hosts) {
        LlmServer server = new LlmServer(config, hosts);
        server.web.start();
        return server;
    }

    /** {@return the bound port} */
    public int port() {
        return web.port();
    }

    /** {@return the slot registry} */
    public SlotRegistry slots() {
        return slots;
    }

    /** Stops accepting requests, stops every host, and releases the monitor. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.log(Level.INFO, "stopping: unloading " + slots.slots().size() + " model(s)");
        slots.close();
        web.stop();
        monitor.close();
    }

    @Override
    public void close() {
        stop();
    }
}
