package dev.mlxgguf.server.http;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.json.Jsonp;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a request body as one JSON object, with a size limit checked against {@code Content-Length}
 * before reading and against the bytes actually read (chunked bodies). Thread-safe.
 */
public final class JsonBodies {

    private final long maxBytes;

    /**
     * Creates a reader.
     *
     * @param maxBytes largest accepted body
     */
    public JsonBodies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Reads the body.
     *
     * @param req the request
     * @return the object; an empty body gives an empty object
     * @throws PayloadTooLargeException if the body exceeds the limit
     * @throws InvalidRequestException  if it is not a JSON object
     * @throws UnsupportedMediaTypeException for form uploads
     */
    public JsonObject read(ServerRequest req) {
        req.headers().contentType().ifPresent(ct -> {
            String type = ct.mediaType().text();
            if (type.startsWith("multipart/")) {
                throw new UnsupportedMediaTypeException("this endpoint takes a JSON body, not " + type);
            }
        });
        long declared = req.headers().value(HeaderNames.CONTENT_LENGTH).map(Long::parseLong).orElse(-1L);
        if (declared > maxBytes) {
            throw new PayloadTooLargeException("request body of " + declared + " bytes exceeds the limit of " + maxBytes);
        }
        byte[] bytes;
        try (InputStream in = RequestConnection.timed(req.content().inputStream())) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > maxBytes) {
            throw new PayloadTooLargeException("request body exceeds the limit of " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            if (Jsonp.parse(bytes) instanceof JsonObject o) {
                return o;
            }
            throw new InvalidRequestException("the request body must be a JSON object", null);
        } catch (JsonParsingException e) {
            throw new InvalidRequestException("malformed JSON at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ": " + e.getMessage(), null);
        } catch (JsonException e) {
            throw new InvalidRequestException("malformed JSON: " + e.getMessage(), null);
        }
    }

    /** The body is larger than the limit (HTTP 413). */
    public static final class PayloadTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PayloadTooLargeException(String message) {
            super(message);
        }
    }

    /** The body has a media type this endpoint does not take (HTTP 415). */
    public static final class UnsupportedMediaTypeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UnsupportedMediaTypeException(String message) {
            super(message);
        }
    }
}
