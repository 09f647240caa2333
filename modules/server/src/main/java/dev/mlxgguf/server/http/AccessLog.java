package dev.mlxgguf.server.http;

import dev.mlxgguf.json.Jsonp;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonObjectBuilder;

import java.lang.System.Logger.Level;
import java.time.Instant;

/**
 * One JSON line per request on the {@code dev.mlxgguf.access} logger: time, client ip, method, path,
 * status, response bytes, duration, and the model and slot when the request used one. Request bodies
 * (prompts, messages) are never logged. Thread-safe.
 */
public final class AccessLog implements Filter {

    private static final System.Logger LOG = System.getLogger("dev.mlxgguf.access");
    private static final String MODEL = AccessLog.class.getName() + ".model";
    private static final String SLOT = AccessLog.class.getName() + ".slot";
    private static final String BYTES = AccessLog.class.getName() + ".bytes";

    /**
     * Records which model and slot served a request, for its access-log line.
     *
     * @param req   the request
     * @param model model name
     * @param slot  slot id
     */
    public static void annotate(ServerRequest req, String model, String slot) {
        req.context().register(MODEL, model);
        req.context().register(SLOT, slot);
    }

    /**
     * Records the body size of a streamed response (which has no Content-Length).
     *
     * @param req   the request
     * @param bytes bytes written
     */
    public static void streamed(ServerRequest req, long bytes) {
        req.context().register(BYTES, bytes);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String ip = req.remotePeer().host(); // read now: a watched request's connection is closed once answered
        try {
            chain.proceed();
        } finally {
            if (LOG.isLoggable(Level.INFO)) {
                long sent = req.context().get(BYTES, Long.class)
                        .orElseGet(() -> res.headers().value(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(0L));
                JsonObjectBuilder line = Jsonp.object()
                        .add("time", Instant.now().toString())
                        .add("ip", ip)
                        .add("method", req.prologue().method().text())
                        .add("path", req.path().path())
                        .add("status", res.status().code())
                        .add("bytes", sent)
                        .add("duration_ms", (System.nanoTime() - start) / 1_000_000);
                req.context().get(MODEL, String.class).ifPresent(m -> line.add("model", m));
                req.context().get(SLOT, String.class).ifPresent(s -> line.add("slot", s));
                LOG.log(Level.INFO, line.build().toString());
            }
        }
    }
}
