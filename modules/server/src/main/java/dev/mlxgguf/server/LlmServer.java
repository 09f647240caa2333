package dev.mlxgguf.server;

import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.server.cache.KvCacheIndex;
import dev.mlxgguf.server.http.InFlightRequests;
import dev.mlxgguf.server.http.RequestConnection;
import dev.mlxgguf.server.http.TlsFiles;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.HostLauncher;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.speech.TranscriptionService;
import dev.mlxgguf.server.stats.ProcessMonitor;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server as a library: the HTTP listener, the slot registry and the process monitor, started and
 * stopped together. {@link Main} runs one; tests embed one.
 *
 * <p>Thread-safe. {@link #stop()} drains requests for the grace period, stops every host process and
 * is idempotent.
 */
public final class LlmServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LlmServer.class.getName());
    private static final Duration AFTER_HOSTS = Duration.ofSeconds(5);

    private final ServerConfig config;
    private final ProcessMonitor monitor;
    private final SlotRegistry slots;
    private final TranscriptionService transcription;
    private final InFlightRequests inFlight = new InFlightRequests();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final CompletableFuture<Void> drainingStarted = new CompletableFuture<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final WebServer web;

    private LlmServer(ServerConfig config, HostCommand hosts) {
        Optional<Tls> tls = config.tls().map(TlsFiles::tls); // a bad certificate fails before any host starts
        this.config = config;
        this.monitor = new ProcessMonitor(Duration.ofSeconds(2));
        CoreBudget cores = new CoreBudget(monitor, config.threads());
        this.slots = SlotRegistry.create(config, new HostLauncher(hosts, monitor, cores));
        this.transcription = TranscriptionService.create(config, hosts, cores);
        WebServerConfig.Builder web = WebServer.builder()
                .host(config.address())
                .port(config.port())
                .shutdownHook(false) // Main's hook drains first, then stops the listener
                .maxPayloadSize(256L << 20)
                // Every SSE event is a small flush: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms to each.
                .connectionOptions(o -> o.tcpNoDelay(true))
                .addProtocol(Http1Config.builder()
                        .addReceiveListener(RequestConnection.listener(config.clientTimeouts())).build())
                .idleConnectionTimeout(config.clientTimeouts().idle())
                .idleConnectionPeriod(idlePeriod(config.clientTimeouts().idle()))
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .routing(r -> {
                    Routes.register(r, new ServerContext(config, slots, monitor, cores, inFlight, draining::get,
                            new KvCacheIndex(config.kvCacheDir(), config.maxKvCacheBytes()), transcription.whisper()));
                    r.register(transcription);
                });
        tls.ifPresent(web::tls);
        this.web = web.build();
    }

    /** The idle check's period: a tenth of the timeout, between 100 ms and 5 s. */
    private static Duration idlePeriod(Duration idle) {
        long ms = Math.clamp(idle.toMillis() / 10, 100, 5000);
        return Duration.ofMillis(ms);
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

    /** {@return completes when {@link #stop()} starts draining (new requests get 503 from then on)} */
    public CompletableFuture<Void> drainingStarted() {
        return drainingStarted;
    }

    /** {@return the slot registry} */
    public SlotRegistry slots() {
        return slots;
    }

    /**
     * Stops gracefully: new requests get 503, in-flight ones may finish for the grace period, then every
     * host is stopped (remaining streams end with an error event) and the listener closes.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        draining.set(true);
        drainingStarted.complete(null);
        try {
            int n = inFlight.count();
            if (n > 0) {
                LOG.log(Level.INFO, "draining " + n + " request(s) for up to " + config.shutdownGrace().toSeconds() + " s");
                inFlight.awaitIdle(config.shutdownGrace());
            }
            LOG.log(Level.INFO, "stopping: unloading " + slots.slots().size() + " model(s)");
            slots.close();
            transcription.close();
            inFlight.awaitIdle(AFTER_HOSTS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            web.stop();
            monitor.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
