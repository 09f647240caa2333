package dev.mlxgguf.server.http;

import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.ServerConfig;
import dev.mlxgguf.server.cache.KvCacheIndex;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.stats.ProcessMonitor;

import io.helidon.webserver.http.HttpRouting;


import java.util.function.BooleanSupplier;

/**
 * Registers every filter, HTTP service and the error mapping on a routing. Owns the per-server HTTP
 * helpers (the client connection watch); close the returned handle with the server.
 */
public final class Routes implements AutoCloseable {

    private final ClientConnectionWatch connections = new ClientConnectionWatch();

    /**
     * Builds the routing.
     *
     * @param routing  the routing builder
     * @param config   server settings
     * @param slots    the slot registry
     * @param monitor  process statistics
     * @param cores    the thread budget
     * @param inFlight the in-flight request counter
     * @param draining true while the server shuts down
     * @param cache    the prompt-cache index
     * @param whisper  the whisper host, when transcription is enabled
     */
    public void register(HttpRouting.Builder routing, ServerConfig config, SlotRegistry slots, ProcessMonitor monitor,
                         CoreBudget cores, InFlightRequests inFlight, BooleanSupplier draining, KvCacheIndex cache,
                         java.util.Optional<dev.mlxgguf.server.audio.WhisperHost> whisper) {
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        SlotRouter router = new SlotRouter(slots, config.autoLoad());
        ErrorResponses.register(routing);
        routing.addFilter(new AccessLog())
                .addFilter(inFlight)
                .addFilter(new RequestGuard(config, draining))
                .register(new InferenceService(router, cores, bodies, connections, cache, config.pingInterval()))
                .register(new KvCacheService(slots, cache, config.maxKvCacheBytes()))
                .register(new ModelsService(slots, router, bodies))
                .register(new TemplateService(router, bodies))
                .register(new ManagementService(slots, monitor, bodies, whisper))
                .get("/health", (req, res) -> res.send(Jsonp.object().add("status", "ok").build()));
    }

    @Override
    public void close() {
        connections.close();
    }
}
