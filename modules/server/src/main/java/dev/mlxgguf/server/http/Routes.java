package dev.mlxgguf.server.http;

import dev.mlxgguf.server.ServerConfig;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.stats.ProcessMonitor;

import io.helidon.webserver.http.HttpRouting;

/** Registers every HTTP service and the error mapping on a routing. */
public final class Routes {

    private Routes() {
    }

    /**
     * Builds the routing.
     *
     * @param routing the routing builder
     * @param config  server settings
     * @param slots   the slot registry
     * @param monitor process statistics
     * @param cores   the thread budget
     */
    public static void register(HttpRouting.Builder routing, ServerConfig config, SlotRegistry slots,
                                ProcessMonitor monitor, CoreBudget cores) {
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        SlotRouter router = new SlotRouter(slots);
        ErrorResponses.register(routing);
        routing.register(new InferenceService(router, cores, bodies, config.pingInterval()))
                .register(new ModelsService(slots, router, bodies))
                .register(new ManagementService(slots, monitor, bodies))
                .get("/health", (req, res) -> res.send(jakarta.json.Json.createObjectBuilder().add("status", "ok").build()));
    }
}
