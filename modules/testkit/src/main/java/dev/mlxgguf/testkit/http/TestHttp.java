package dev.mlxgguf.testkit.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Blocking HTTP/1.1 calls against one base URL, JSON bodies as text. Thread-safe.
 */
public final class TestHttp {

    private final String base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Creates a client.
     *
     * @param base e.g. {@code http://127.0.0.1:4000}
     */
    public TestHttp(String base) {
        this.base = base;
    }

    /** {@return the base URL} */
    public String base() {
        return base;
    }

    /** {@return the JDK client, for tests that stream} */
    public HttpClient client() {
        return client;
    }

    /**
     * Sends a request and reads the whole response.
     *
     * @param method  HTTP method
     * @param path    path and query
     * @param json    JSON body, or null for none
     * @param headers alternating header names and values
     * @return the reply
     */
    public HttpReply send(String method, String path, String json, String... headers) {
        HttpRequest.Builder b = request(path).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpReply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request builder for a path, with a 2-minute timeout.
     *
     * @param path path and query
     * @return the builder
     */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
    }

    /** {@return the reply} @param path path @param json body @param headers alternating names and values */
    public HttpReply post(String path, String json, String... headers) {
        return send("POST", path, json, headers);
    }

    /** {@return the reply} @param path path @param headers alternating names and values */
    public HttpReply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }
}
