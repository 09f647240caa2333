package dev.mlxgguf.server.speech;

import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.server.http.ClientTimeouts;
import dev.mlxgguf.server.http.ErrorResponses;
import dev.mlxgguf.server.http.RequestConnection;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.speech.TranscriptionSettings;
import dev.mlxgguf.server.speech.WhisperHost;
import dev.mlxgguf.server.stats.ProcessMonitor;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;
import dev.mlxgguf.testkit.http.TestHttp;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A Helidon server with only the transcription endpoint and the error mapping, over a whisper host running the
 * test-only fake speech engine in a real child JVM (class-path mode). Close it to stop everything.
 */
final class TranscriptionServer implements AutoCloseable {

    private final ProcessMonitor monitor = new ProcessMonitor(Duration.ofSeconds(2));
    private final TranscriptionService service;
    private final WebServer web;
    private final dev.mlxgguf.server.http.InFlightRequests inFlight = new dev.mlxgguf.server.http.InFlightRequests();
    private final Optional<WhisperHost> whisper;
    private final Path uploads;
    private final TestHttp http;

    private TranscriptionServer(Path dir, Optional<String> fakeModel, long maxUploadBytes, Duration timeout) {
        CoreBudget cores = new CoreBudget(monitor);
        uploads = dir.resolve("uploads");
        whisper = fakeModel.map(props -> {
            try {
                Path model = Files.writeString(dir.resolve("speech.fake"), "#fake-model\nkind=speech\n" + props);
                HostCommand hosts = new HostCommand(Path.of(System.getProperty("java.home"), "bin", "java"),
                        List.of("-Xmx64m"), Optional.empty(), Optional.of(System.getProperty("java.class.path")), Map.of());
                return WhisperHost.start(hosts, model, "fake", cores, 4);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        service = new TranscriptionService(whisper, cores,
                new TranscriptionSettings(maxUploadBytes, Duration.ofMinutes(30), timeout, uploads));
        web = WebServer.builder().host("127.0.0.1").port(0)
                .addProtocol(Http1Config.builder().addReceiveListener(RequestConnection.listener(ClientTimeouts.defaults())).build())
                .routing(r -> {
                    ErrorResponses.register(r);
                    r.addFilter(inFlight);
                    r.register(service);
                }).build().start();
        http = new TestHttp("http://127.0.0.1:" + web.port());
    }

    /**
     * Starts a server whose whisper host runs the fake speech model, and waits until it is ready.
     *
     * @param dir            a private folder
     * @param fakeProps      the fake model's properties (see FakeSpeechModel)
     * @param maxUploadBytes the upload limit
     * @return the server
     */
    static TranscriptionServer start(Path dir, String fakeProps, long maxUploadBytes) {
        return start(dir, fakeProps, maxUploadBytes, Duration.ofSeconds(20));
    }

    /**
     * Starts a server with a transcription time limit, and waits until it is ready.
     *
     * @param dir            a private folder
     * @param fakeProps      the fake model's properties (see FakeSpeechModel)
     * @param maxUploadBytes the upload limit
     * @param timeout        the transcription time limit
     * @return the server
     */
    static TranscriptionServer start(Path dir, String fakeProps, long maxUploadBytes, Duration timeout) {
        TranscriptionServer s = new TranscriptionServer(dir, Optional.of(fakeProps), maxUploadBytes, timeout);
        s.awaitReady(Duration.ofSeconds(30));
        return s;
    }

    /** {@return a server without a whisper model (transcription disabled)} @param dir a private folder */
    static TranscriptionServer disabled(Path dir) {
        return new TranscriptionServer(dir, Optional.empty(), 1 << 20, Duration.ofSeconds(20));
    }

    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (http.get("/v1/audio/transcriptions").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("whisper host not ready: " + http.get("/v1/audio/transcriptions").body());
            }
            sleep(50);
        }
    }

    int port() {
        return web.port();
    }

    WhisperHost whisper() {
        return whisper.orElseThrow();
    }

    TestHttp http() {
        return http;
    }

    /** {@return the upload files currently on disk} */
    List<Path> uploadFiles() {
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpReply post(MultipartForm form) {
        return send(form.contentType(), form.publisher());
    }

    HttpReply send(String contentType, java.net.http.HttpRequest.BodyPublisher body) {
        try {
            HttpResponse<String> r = http.client().send(http.request("/v1/audio/transcriptions")
                    .header("Content-Type", contentType).POST(body).build(), HttpResponse.BodyHandlers.ofString());
            return new HttpReply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until no request is being handled (its upload file is gone then), woken by the requests' ends.
     *
     * @return whether that happened within 10 s
     * @throws InterruptedException if interrupted
     */
    boolean awaitIdle() throws InterruptedException {
        return inFlight.awaitIdle(Duration.ofSeconds(10));
    }

    /** Lets time pass in a timing test (callers say why). @param ms millis */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        web.stop();
        service.close();
        monitor.close();
    }
}
