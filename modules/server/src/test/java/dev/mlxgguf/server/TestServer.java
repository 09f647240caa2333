package dev.mlxgguf.server;

import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.TestHttp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An embedded server over a models folder, with hosts started from the test class path (so the
 * test-only fake engine is found), plus a real-HTTP client. Close it to stop every host.
 */
public final class TestServer implements AutoCloseable {

    private final LlmServer server;
    private final Path models;
    private final TestHttp http;

    private TestServer(LlmServer server, Path models) {
        this.server = server;
        this.models = models;
        this.http = new TestHttp("http://127.0.0.1:" + server.port());
    }

    /**
     * Starts a server on a free port.
     *
     * @param models the models folder
     * @param queue  per-slot queue capacity
     * @return the server
     */
    public static TestServer start(Path models, int queue) {
        return start(models, b -> b.queueCapacity(queue));
    }

    /**
     * Starts a server on a free port with adjusted settings.
     *
     * @param models    the models folder
     * @param customize changes to the test defaults
     * @return the server
     */
    public static TestServer start(Path models, java.util.function.UnaryOperator<ServerConfig.Builder> customize) {
        ServerConfig config = customize.apply(ServerConfig.defaults().toBuilder().port(0).modelsDir(models)
                .adaptersDir(models.resolveSibling("adapters")).kvCacheDir(models.resolveSibling("kv-cache"))
                .queueCapacity(4).pingInterval(Duration.ofMillis(500))
                .shutdownGrace(Duration.ofSeconds(5))).build();
        HostCommand hosts = new HostCommand(Path.of(System.getProperty("java.home"), "bin", "java"), List.of("-Xmx96m"),
                Optional.empty(), Optional.of(System.getProperty("java.class.path")), Map.of());
        return new TestServer(LlmServer.start(config, hosts), models);
    }

    /** {@return the embedded server} */
    public LlmServer server() {
        return server;
    }

    /** {@return the HTTP client} */
    public TestHttp http() {
        return http;
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

    /**
     * Polls the process list until a slot reaches a state.
     *
     * @param slot  slot id
     * @param state wanted state
     * @param max   longest wait
     * @return the slot's process entry
     */
    public JsonObject awaitState(String slot, String state, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            for (var v : getJson("/management/processes").getJsonArray("processes")) {
                JsonObject p = v.asJsonObject();
                if (p.getString("model_id").equals(slot)) {
                    last = p;
                    if (p.getString("state").equals(state)) {
                        return p;
                    }
                }
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("slot " + slot + " did not reach " + state + "; last: " + last);
    }

    /** {@return live host processes started by this JVM} */
    public static java.util.List<ProcessHandle> hosts() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains(dev.mlxgguf.host.client.HostCommand.ROLE_MARKER)).toList();
    }

    /** {@return the reply} @param path path @param body JSON @param headers alternating names and values */
    public HttpReply post(String path, String body, String... headers) {
        return http.post(path, body, headers);
    }

    /** {@return the reply} @param path path @param headers alternating names and values */
    public HttpReply get(String path, String... headers) {
        return http.get(path, headers);
    }

    /** {@return the reply body as JSON} @param path path @param body JSON @param headers alternating names and values */
    public JsonObject postJson(String path, String body, String... headers) {
        return json(post(path, body, headers).body());
    }

    /** {@return the reply body as JSON} @param path path @param headers alternating names and values */
    public JsonObject getJson(String path, String... headers) {
        return json(get(path, headers).body());
    }

    /**
     * Parses a JSON object.
     *
     * @param text JSON text
     * @return the object
     */
    public static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    /**
     * Loads a model and asserts success.
     *
     * @param slot  slot id
     * @param model model name
     */
    public void load(String slot, String model) {
        HttpReply r = post("/v1/internal/model/load", "{\"llm_model_name\": \"" + model + "\"}", "X-Model-Id", slot);
        if (r.status() != 200) {
            throw new AssertionError("load failed: " + r.status() + " " + r.body());
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
