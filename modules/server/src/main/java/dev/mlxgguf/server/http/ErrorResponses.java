package dev.mlxgguf.server.http;

import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.OverloadedException;
import dev.mlxgguf.json.Jsonp;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.lang.System.Logger.Level;

/**
 * The one place that maps failures to HTTP: status, OpenAI error type and code, and the body
 * {@code {"error": {...}, "detail": "..."}} that both OpenAI clients and the original's clients read.
 * Unexpected exceptions become a 500 that does not leak their message.
 */
public final class ErrorResponses {

    private static final System.Logger LOG = System.getLogger(ErrorResponses.class.getName());

    private ErrorResponses() {
    }

    /**
     * An error as the API reports it.
     *
     * @param status  HTTP status
     * @param type    OpenAI error type
     * @param code    error code, or null
     * @param message client-safe message
     * @param param   offending field, or null
     */
    public record ApiError(Status status, String type, String code, String message, String param) {

        /** {@return the error body} */
        public JsonObject body() {
            JsonObjectBuilder e = Jsonp.object().add("message", message).add("type", type);
            if (param == null) {
                e.addNull("param");
            } else {
                e.add("param", param);
            }
            if (code == null) {
                e.addNull("code");
            } else {
                e.add("code", code);
            }
            return Jsonp.object().add("error", e).add("detail", message).build();
        }
    }

    /**
     * Maps a product failure.
     *
     * @param e the failure
     * @return the API error
     */
    public static ApiError of(LlmException e) {
        String m = e.getMessage();
        return switch (e.kind()) {
            case INVALID_REQUEST -> new ApiError(Status.BAD_REQUEST_400, "invalid_request_error", null, m, e.param());
            case CONTEXT_LENGTH_EXCEEDED -> new ApiError(Status.BAD_REQUEST_400, "invalid_request_error",
                    "context_length_exceeded", m, e.param());
            case NOT_FOUND -> new ApiError(Status.NOT_FOUND_404, "not_found_error", "not_found", m, null);
            case MODEL_NOT_LOADED -> new ApiError(Status.BAD_REQUEST_400, "invalid_request_error", "model_not_loaded", m,
                    null);
            case CONFLICT -> new ApiError(Status.CONFLICT_409, "conflict_error", "conflict", m, null);
            case OVERLOADED -> new ApiError(Status.TOO_MANY_REQUESTS_429, "rate_limit_error", "queue_full", m, null);
            case MODEL_LOAD_FAILED -> new ApiError(Status.INTERNAL_SERVER_ERROR_500, "server_error", "model_load_failed",
                    m, null);
            case ENGINE_FAILURE -> new ApiError(Status.INTERNAL_SERVER_ERROR_500, "server_error", "engine_failure", m, null);
            case UNAVAILABLE -> new ApiError(Status.SERVICE_UNAVAILABLE_503, "service_unavailable", "model_unavailable", m,
                    null);
            case HOST_CRASHED -> new ApiError(Status.SERVICE_UNAVAILABLE_503, "service_unavailable", "model_process_crashed",
                    m, null);
            case CANCELLED -> new ApiError(Status.SERVICE_UNAVAILABLE_503, "service_unavailable", "request_cancelled", m,
                    null);
        };
    }

    /**
     * Registers the handlers on a routing.
     *
     * @param routing the routing
     */
    public static void register(HttpRouting.Builder routing) {
        routing.error(LlmException.class, (req, res, e) -> {
            if (e instanceof OverloadedException o) {
                res.header(HeaderNames.RETRY_AFTER, Integer.toString(o.retryAfterSeconds()));
            }
            send(req, res, of(e));
        });
        routing.error(JsonBodies.PayloadTooLargeException.class, (req, res, e) -> send(req, res,
                new ApiError(Status.REQUEST_ENTITY_TOO_LARGE_413, "invalid_request_error", "payload_too_large",
                        e.getMessage(), null)));
        routing.error(JsonBodies.UnsupportedMediaTypeException.class, (req, res, e) -> send(req, res,
                new ApiError(Status.UNSUPPORTED_MEDIA_TYPE_415, "invalid_request_error", "unsupported_media_type",
                        e.getMessage(), null)));
        routing.error(HttpException.class, (req, res, e) -> send(req, res, new ApiError(e.status(),
                e.status().code() == 404 ? "not_found_error" : "invalid_request_error",
                e.status().code() == 404 ? "not_found" : null, e.getMessage(), null)));
        routing.error(RuntimeException.class, (req, res, e) -> {
            LOG.log(Level.ERROR, "unexpected error on " + req.prologue().method().text() + " " + req.path().path(), e);
            send(req, res, new ApiError(Status.INTERNAL_SERVER_ERROR_500, "server_error", "internal_error",
                    "internal server error", null));
        });
    }

    /**
     * Sends an error response, if the response is not committed yet; then settles the rest of the request body
     * ({@link RefusedBody}).
     *
     * @param req   the refused request
     * @param res   the response
     * @param error the error
     */
    static void send(ServerRequest req, ServerResponse res, ApiError error) {
        if (res.isSent()) {
            return;
        }
        RefusedBody rest = RefusedBody.before(req, res);
        res.status(error.status());
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(error.body().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        rest.after();
    }
}
