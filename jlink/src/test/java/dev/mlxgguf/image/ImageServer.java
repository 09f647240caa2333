package dev.mlxgguf.image;

import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.TestHttp;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real product: {@code bin/mlx-gguf-server} of the runtime image built in this module's package
 * phase, started as a process on a free port over a models folder. Its log is collected; the port is
 * read from the "listening on" line.
 */
final class ImageServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+) .*started in (\\d+) ms");

    private final Process process;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private volatile long startMillis = -1;
    private TestHttp http;

    private ImageServer(Process process) {
        this.process = process;
    }

    /** {@return the runtime image} */
    static Path image() {
        return Path.of(System.getProperty("mlxgguf.image.dir", "target/image"));
    }

    /**
     * Starts the image's server.
     *
     * @param models models folder
     * @param args   extra flags
     * @return the running server
     */
    static ImageServer start(Path models, String... args) {
        List<String> argv = new ArrayList<>(List.of(image().resolve("bin/mlx-gguf-server").toString(), "-p", "0",
                "--models-dir", models.toString(), "--kv-cache-dir", models.resolveSibling(models.getFileName() + "-kv").toString()));
        argv.addAll(List.of(args));
        try {
            ImageServer s = new ImageServer(new ProcessBuilder(argv).redirectErrorStream(true).start());
            Thread.ofPlatform().daemon().start(s::drain);
            int p = s.port.get(60, TimeUnit.SECONDS);
            s.http = new TestHttp("http://127.0.0.1:" + p);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start: " + e, e);
        }
    }

    private void drain() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.add(line);
                System.err.println("[image] " + line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    startMillis = Long.parseLong(m.group(2));
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // process gone
        }
        port.completeExceptionally(new IllegalStateException("server exited: " + String.join("\n", log)));
    }

    /** {@return the server process} */
    Process process() {
        return process;
    }

    /** {@return the HTTP client} */
    TestHttp http() {
        return http;
    }

    /** {@return JVM start to listening, as the server logged it} */
    long startMillis() {
        return startMillis;
    }

    /** {@return the live host processes started by this server} */
    List<ProcessHandle> hosts() {
        return process.descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().orElse("").contains("-Dmlxgguf.role=host")).toList();
    }

    /** {@return the log so far} */
    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    HttpReply post(String path, String body, String... headers) {
        return http.post(path, body, headers);
    }

    HttpReply get(String path, String... headers) {
        return http.get(path, headers);
    }

    JsonObject postJson(String path, String body, String... headers) {
        HttpReply r = post(path, body, headers);
        if (r.status() != 200) {
            throw new AssertionError(path + " -> " + r.status() + " " + r.body());
        }
        return json(r.body());
    }

    JsonObject getJson(String path) {
        return json(get(path).body());
    }

    void load(String slot, String model) {
        postJson("/v1/internal/model/load", "{\"llm_model_name\": \"" + model + "\"}", "X-Model-Id", slot);
    }

    /**
     * Waits for a condition that only the server's HTTP answers show: the image runs in another process, so
     * there is no in-process event to wait on. The one polling loop of the image tests; it asks every 20 ms.
     *
     * @param probe asked until it yields a value
     * @param max   longest wait
     * @param what  what is awaited, for the failure message
     * @param <T>   the value
     * @return the first value the probe yields
     */
    static <T> T until(java.util.function.Supplier<java.util.Optional<T>> probe, java.time.Duration max, String what) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            java.util.Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen in " + max);
            }
            try {
                Thread.sleep(20); // the pause between two HTTP probes, not a guess at when something happens
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Waits until a process entry of {@code /management/processes} satisfies a condition.
     *
     * @param modelId   the entry's {@code model_id} (a slot id, or {@code whisper})
     * @param condition the condition
     * @param max       longest wait
     * @return the entry
     */
    JsonObject awaitProcess(String modelId, java.util.function.Predicate<JsonObject> condition, java.time.Duration max) {
        return until(() -> getJson("/management/processes").getJsonArray("processes").stream().map(v -> v.asJsonObject())
                .filter(p -> p.getString("model_id").equals(modelId) && condition.test(p)).findFirst(), max,
                "process " + modelId + " reaching the expected state");
    }

    /** {@return whether a process entry is running a request} @param p an entry of {@code /management/processes} */
    static boolean running(JsonObject p) {
        return p.getJsonObject("current_queue").getInt("response_queue_size") > 0;
    }

    static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    /** Stops the server with SIGTERM (as a service manager would) and waits for it. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
