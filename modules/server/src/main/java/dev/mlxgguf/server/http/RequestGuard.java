package dev.mlxgguf.server.http;

import dev.mlxgguf.server.ServerConfig;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Checks every request before routing, in this order:
 * <ol>
 *   <li>while the server drains for shutdown, new requests get 503;</li>
 *   <li>when bound to a loopback address, a {@code Host} header that is not a loopback name or address
 *       gets 403 (DNS rebinding: a web page must not reach the local API through its own host name);</li>
 *   <li>CORS: only configured origins get {@code Access-Control-Allow-Origin}; preflights from others
 *       get 403; nothing is allowed by default;</li>
 *   <li>with an API key, every route but {@code /health} needs {@code Authorization: Bearer <key>}
 *       (compared in constant time), else 401;</li>
 *   <li>with an administration key, the administration routes (model load and unload, {@code /management/*},
 *       prompt-cache export and import) need that key: the inference key gets 403 there, no key 401. The
 *       administration key also works on every other route.</li>
 * </ol>
 * Thread-safe.
 */
public final class RequestGuard implements Filter {

    private static final HeaderName ORIGIN = HeaderNames.ORIGIN;
    private static final List<String> PUBLIC = List.of("/health");

    private final boolean loopbackOnly;
    private final Optional<byte[]> apiKey;
    private final Optional<byte[]> adminKey;
    private final List<String> corsOrigins;
    private final BooleanSupplier draining;

    /**
     * Creates the guard.
     *
     * @param config   server settings
     * @param draining true while the server shuts down
     */
    public RequestGuard(ServerConfig config, BooleanSupplier draining) {
        this.loopbackOnly = isLoopback(config.address());
        this.apiKey = config.apiKey().map(k -> k.getBytes(StandardCharsets.UTF_8));
        this.adminKey = config.adminApiKey().map(k -> k.getBytes(StandardCharsets.UTF_8));
        this.corsOrigins = config.corsOrigins();
        this.draining = draining;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (draining.getAsBoolean()) {
            deny(req, res, Status.SERVICE_UNAVAILABLE_503, "service_unavailable", "server_shutting_down",
                    "the server is shutting down");
            return;
        }
        if (loopbackOnly && !loopbackHost(req.headers().first(HeaderNames.HOST).orElse(""))) {
            deny(req, res, Status.FORBIDDEN_403, "permission_error", "host_not_allowed",
                    "requests to this server must use a loopback host name (localhost, 127.0.0.1, [::1])");
            return;
        }
        Optional<String> origin = req.headers().first(ORIGIN);
        boolean allowedOrigin = origin.map(corsOrigins::contains).orElse(false) || corsOrigins.contains("*");
        if (origin.isPresent() && allowedOrigin) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin.get());
            res.header(HeaderNames.VARY, "Origin");
        }
        if (req.prologue().method() == Method.OPTIONS && origin.isPresent()) {
            if (!allowedOrigin) {
                deny(req, res, Status.FORBIDDEN_403, "permission_error", "origin_not_allowed", "origin not allowed");
                return;
            }
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Authorization, Content-Type, X-Model-Id");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        if (!PUBLIC.contains(path)) {
            byte[] given = bearer(req);
            boolean admin = adminKey.map(k -> MessageDigest.isEqual(k, given)).orElse(false);
            if (adminKey.isPresent() && adminRoute(path) && !admin) {
                boolean inference = apiKey.map(k -> MessageDigest.isEqual(k, given)).orElse(false);
                if (inference) {
                    deny(req, res, Status.FORBIDDEN_403, "permission_error", "admin_key_required",
                            "this route needs the administration key (--admin-api-key)");
                } else {
                    unauthorized(req, res);
                }
                return;
            }
            if (apiKey.isPresent() && !admin && !MessageDigest.isEqual(apiKey.get(), given)) {
                unauthorized(req, res);
                return;
            }
        }
        chain.proceed();
    }

    /**
     * Whether a path is an administration route.
     *
     * @param path the request path
     * @return true for model load and unload, {@code /management/*} and prompt-cache export and import
     */
    static boolean adminRoute(String path) {
        return path.equals("/v1/internal/model/load") || path.equals("/v1/internal/model/unload")
                || path.startsWith("/management/") || path.startsWith("/v1/internal/model/kv_cache/");
    }

    private static byte[] bearer(RoutingRequest req) {
        String header = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
        String given = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        return given.getBytes(StandardCharsets.UTF_8);
    }

    private static void unauthorized(RoutingRequest req, RoutingResponse res) {
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        deny(req, res, Status.UNAUTHORIZED_401, "authentication_error", "invalid_api_key",
                "missing or wrong API key: send Authorization: Bearer <key>");
    }

    private static void deny(RoutingRequest req, RoutingResponse res, Status status, String type, String code, String message) {
        ErrorResponses.send(req, res, new ErrorResponses.ApiError(status, type, code, message, null));
    }

    /**
     * Whether a {@code Host} header names this machine's loopback interface.
     *
     * @param host header value, with or without port
     * @return true for localhost names and loopback addresses
     */
    static boolean loopbackHost(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(1, end) : h;
        } else if (h.indexOf(':') == h.lastIndexOf(':') && h.contains(":")) {
            h = h.substring(0, h.indexOf(':'));
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        boolean literal = h.matches("[0-9.]+") || h.contains(":") && h.matches("[0-9a-f:.]+");
        // A name other than localhost is never resolved and never trusted.
        return literal && isLoopback(h);
    }

    private static boolean isLoopback(String literal) {
        try {
            return literal.equals("localhost") || InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
