package dev.mlxgguf.server;

import dev.mlxgguf.host.client.HostCommand;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An embedded server over a temporary models folder, with hosts started from the test class path,
 * plus a small real-HTTP client. Close it to stop every host.
 */
public final class TestServer implements AutoCloseable {

    private final LlmServer server;
    private final Path models;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(LlmServer server, Path models) {
        this.server = server;
        this.models = models;
    }

    /**
     * Starts a server on a free port.
     *
     * @param models  the models folder
     * @param queue   per-slot queue capacity
     * @return the server
     */
    public static TestServer start(Path models, int queue) {
        ServerConfig d = ServerConfig.defaults();
        ServerConfig config = new ServerConfig("127.0.0.1", 0, models, models.resolveSibling("adapters"), "info", queue,
                d.maxBodyBytes(), Duration.ofMillis(500), d.shutdownGrace());
        HostCommand hosts = new HostCommand(Path.of(System.getProperty("java.home"), "bin", "java"), List.of("-Xmx96m"),
                Optional.empty(), Optional.of(System.getProperty("java.class.path")), Map.of());
        return new TestServer(LlmServer.start(config, hosts), models);
    }

    /** {@return the embedded server} */
    public LlmServer server() {
        return server;
    }

    /** {@return the models folder} */
    public Path models() {
        return models;
    }

    /**
     * Writes a fake model into the models folder.
     *
     * @param name  file name ending in .gguf (the catalog lists it; the fake engine recognises its first line)
     * @param props its behaviour (see FakeEngineProvider)
     * @return the name
     */
    public String fakeModel(String name, String props) {
        try {
            Files.writeString(models.resolve(name), "#fake-model\n" + props);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return name;
    }

    /** A response. @param status HTTP status @param headers headers @param body body text */
    public record Reply(int status, Map<String, List<String>> headers, String body) {
        /** {@return the body as a JSON object} */
        public JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        /** {@return the first value of a header} @param name header name */
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        /** {@return the data payloads of an SSE body, in order (including "[DONE]")} */
        public List<String> events() {
            List<String> data = new ArrayList<>();
            for (String block : body.split("\n\n")) {
                if (block.startsWith("data: ")) {
                    data.add(block.substring(6));
                }
            }
            return data;
        }
    }

    /**
     * Sends a request.
     *
     * @param method  HTTP method
     * @param path    path
     * @param body    JSON text or null
     * @param headers alternating names and values
     * @return the reply
     */
    public Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@return POST reply} @param path path @param body JSON @param headers alternating names and values */
    public Reply post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** {@return GET reply} @param path path @param headers alternating names and values */
    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** {@return the HTTP client} */
    public HttpClient http() {
        return http;
    }

    /** {@return the base URI} */
    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /**
     * Loads a model and asserts success.
     *
     * @param slot  slot id
     * @param model model name
     */
    public void load(String slot, String model) {
        Reply r = post("/v1/internal/model/load", "{\"llm_model_name\": \"" + model + "\"}", "X-Model-Id", slot);
        if (r.status() != 200) {
            throw new AssertionError("load failed: " + r.status() + " " + r.body());
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
