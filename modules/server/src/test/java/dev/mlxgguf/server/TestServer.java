package dev.mlxgguf.server;

import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.host.protocol.HostStats;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.server.models.SlotState;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
     * Waits until a slot reaches a state, woken by the slot's own state changes (no polling).
     *
     * @param slot  slot id
     * @param state wanted state (wire name)
     * @param max   longest wait
     * @return the slot's process entry, read once the state was reached
     */
    public JsonObject awaitState(String slot, String state, Duration max) {
        return awaitState(slot, state, 0, max);
    }

    /**
     * Waits until a slot reaches a state with a host process other than {@code oldPid} (a restart).
     *
     * @param slot   slot id
     * @param state  wanted state (wire name)
     * @param oldPid a pid the slot's host must no longer have (0: any)
     * @param max    longest wait
     * @return the slot's process entry, read once the state was reached
     */
    public JsonObject awaitState(String slot, String state, long oldPid, Duration max) {
        SlotState target = SlotState.valueOf(state.toUpperCase(java.util.Locale.ROOT));
        Slot s = slot(slot, max);
        try {
            java.util.function.Predicate<Slot> wanted = x -> x.state() == target
                    && (oldPid == 0 || x.host().map(h -> h.pid() != oldPid).orElse(false));
            SlotState reached = s.awaitState(wanted, max);
            if (!wanted.test(s)) {
                throw new AssertionError("slot " + slot + " did not reach " + state + " in " + max + "; it is " + reached.wireName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        for (var v : getJson("/management/processes").getJsonArray("processes")) {
            if (v.asJsonObject().getString("model_id").equals(slot)) {
                return v.asJsonObject();
            }
        }
        throw new AssertionError("slot " + slot + " is not in the process list");
    }

    /**
     * Waits until a slot id holds a slot (it may still be loading).
     *
     * @param slot slot id
     * @param max  longest wait
     * @return the slot
     */
    public Slot slot(String slot, Duration max) {
        try {
            return server.slots().awaitSlot(slot, max).orElseThrow(() -> new AssertionError("no slot " + slot + " after " + max));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Waits until a slot's request queue satisfies a condition, woken by the queue's own changes.
     *
     * @param slot      slot id
     * @param condition the condition
     * @param what      what is awaited, for the failure message
     */
    public void awaitQueue(String slot, java.util.function.Predicate<RequestQueue> condition, String what) {
        try {
            if (!slot(slot, Duration.ofSeconds(10)).queue().awaitCondition(condition, Duration.ofSeconds(10))) {
                throw new AssertionError("slot " + slot + ": " + what + " did not happen in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * The host's counters as of now: a ping answered after every frame sent before it.
     *
     * @param slot slot id
     * @return the counters
     */
    public HostStats freshStats(String slot) {
        try {
            return slot(slot, Duration.ofSeconds(5)).host().orElseThrow().ping().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no pong from slot " + slot, e);
        }
    }

    /** Waits until the server has started draining (its stop is under way). */
    public void awaitDraining() {
        server.drainingStarted().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * Waits until exactly {@code expected} host processes run, woken by their exits.
     *
     * @param expected host count
     * @param max      longest wait
     */
    public static void awaitHostCount(int expected, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        List<ProcessHandle> now = hosts();
        while (now.size() > expected && System.nanoTime() < deadline) {
            try {
                CompletableFuture.anyOf(now.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                        .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                break;
            }
            now = hosts();
        }
        if (now.size() != expected) {
            throw new AssertionError(now.size() + " host processes run, expected " + expected);
        }
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
