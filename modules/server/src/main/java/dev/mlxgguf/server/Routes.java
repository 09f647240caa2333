package dev.mlxgguf.server;

import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.AccessLog;
import dev.mlxgguf.server.http.ErrorResponses;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.server.http.RequestGuard;
import dev.mlxgguf.server.http.SlotRouter;
import dev.mlxgguf.server.management.KvCacheService;
import dev.mlxgguf.server.management.ManagementService;
import dev.mlxgguf.server.openai.InferenceService;
import dev.mlxgguf.server.openai.ModelsService;
import dev.mlxgguf.server.openai.TemplateService;

import io.helidon.webserver.http.HttpRouting;


/** Registers every filter, HTTP service and the error mapping on a routing. */
public final class Routes {

    private Routes() {
    }

    /**
     * Builds the routing.
     *
     * @param routing the routing builder
     * @param ctx     what the services share
     */
    public static void register(HttpRouting.Builder routing, ServerContext ctx) {
        ServerConfig config = ctx.config();
        JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
        SlotRouter router = new SlotRouter(ctx.slots(), config.autoLoad());
        ErrorResponses.register(routing);
        routing.addFilter(new AccessLog())
                .addFilter(ctx.inFlight())
                .addFilter(new RequestGuard(config, ctx.draining()))
                .register(new InferenceService(router, ctx.cores(), bodies, ctx.cache(), config.pingInterval()))
                .register(new KvCacheService(ctx.slots(), ctx.cache(), config.maxKvCacheBytes()))
                .register(new ModelsService(ctx.slots(), router, bodies))
                .register(new TemplateService(router, bodies))
                .register(new ManagementService(ctx.slots(), ctx.monitor(), bodies, ctx.whisper()))
                .get("/health", (req, res) -> res.send(Jsonp.object().add("status", "ok").build()));
    }
}
