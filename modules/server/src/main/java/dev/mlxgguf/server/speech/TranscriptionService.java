package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.AudioContainer;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.host.client.HostCommand;
import dev.mlxgguf.host.client.HostProcess;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.ServerConfig;
import dev.mlxgguf.server.http.ClientConnectionWatch;
import dev.mlxgguf.server.http.HeaderParams;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.server.http.LimitedBody;
import dev.mlxgguf.server.http.RequestConnection;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.server.speech.TranscriptionSettings;
import dev.mlxgguf.server.speech.UploadFiles;
import dev.mlxgguf.server.speech.WhisperHost;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/audio/transcriptions} (OpenAI's multipart upload) and {@code GET /v1/audio/transcriptions}
 * (readiness). An upload is refused by its {@code Content-Length} before any byte is read when too large (413),
 * streamed into a server-named file while counting, checked to be audio, queued FIFO, and transcribed by the
 * whisper host process; its file is deleted when the request ends, however it ends. A client that hangs up while
 * waiting or transcribing cancels its request.
 *
 * <p>Handlers run on virtual threads; the whisper host does the native work in its own process. Close the service
 * with the server: it stops the whisper host and removes the upload folder.
 */
public final class TranscriptionService implements HttpService, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TranscriptionService.class.getName());
    private static final String PATH = "/v1/audio/transcriptions";
    /** Room for the form's text fields and part headers on top of the file. */
    private static final long FORM_OVERHEAD = 1L << 20;
    private static final Duration SLICE = Duration.ofMillis(250);
    private static final Duration READY_WAIT = Duration.ofMinutes(2);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);

    private final Optional<WhisperHost> whisper;
    private final CoreBudget cores;
    private final TranscriptionSettings settings;
    private final UploadFiles uploads;

    TranscriptionService(Optional<WhisperHost> whisper, CoreBudget cores, TranscriptionSettings settings) {
        this.whisper = whisper;
        this.cores = cores;
        this.settings = settings;
        this.uploads = whisper.isPresent() ? UploadFiles.open(settings.uploadDir()) : null;
    }

    /**
     * The service for a server: with {@code --whisper-model}, the whisper host is started now (it loads in the
     * background); without, every request answers 400. Limits come from {@link TranscriptionSettings#fromSystemProperties()}.
     *
     * @param config server settings
     * @param hosts  how to start host processes
     * @param cores  the thread budget shared with the model slots
     * @return the service; close it with the server
     * @throws IllegalArgumentException if the whisper model file does not exist or a limit property is invalid
     */
    public static TranscriptionService create(ServerConfig config, HostCommand hosts, CoreBudget cores) {
        TranscriptionSettings settings = TranscriptionSettings.fromSystemProperties();
        Optional<WhisperHost> host = config.whisperModel().map(model -> {
            if (!Files.isRegularFile(model)) {
                throw new IllegalArgumentException("--whisper-model: no such file: " + model);
            }
            return WhisperHost.start(hosts, model.toAbsolutePath(), "whisper", cores, config.queueCapacity());
        });
        return new TranscriptionService(host, cores, settings);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH, this::transcribe).get(PATH, this::readiness);
    }

    /** {@return the whisper host, when transcription is enabled} */
    public Optional<WhisperHost> whisper() {
        return whisper;
    }

    private WhisperHost enabled() {
        return whisper.orElseThrow(() -> new InvalidRequestException(
                "transcription is disabled: start the server with --whisper-model FILE", null));
    }

    private void readiness(ServerRequest req, ServerResponse res) {
        WhisperHost w = enabled();
        if (w.state() != WhisperHost.State.READY) {
            throw w.unavailable();
        }
        res.send(Jsonp.object().add("status", "ready").add("model", w.modelName())
                .add("queue", w.queue().waitingCount()).build());
    }

    /** A refused upload's unread rest is settled with its error answer ({@code RefusedBody}). */
    private void transcribe(ServerRequest req, ServerResponse res) throws IOException, InterruptedException {
        WhisperHost w = enabled();
        String boundary = boundary(req);
        long maxBody = settings.maxUploadBytes() + FORM_OVERHEAD;
        long declared = contentLength(req);
        if (declared > maxBody) {
            // Refused before reading a byte of it.
            throw new JsonBodies.PayloadTooLargeException("the request body of " + declared + " bytes exceeds the limit of "
                    + settings.maxUploadBytes() + " bytes for the audio file");
        }
        Path upload = uploads.create();
        TranscriptionForm form;
        TranscriptionResult result;
        try {
            try (InputStream body = new LimitedBody(RequestConnection.timed(req.content().inputStream()), maxBody)) {
                form = TranscriptionForm.read(new MultipartReader(body, boundary), upload, settings.maxUploadBytes());
                body.transferTo(OutputStream.nullOutputStream()); // the epilogue: the body is read to its end
            }
            checkAudio(upload);
            String id = UUID.randomUUID().toString();
            form.toRequest(id, upload, settings.maxDuration(), 0); // validates before queueing
            try (ClientConnectionWatch.Watch watch = ClientConnectionWatch.watch(req, res)) {
                result = run(w, form, id, upload, watch);
            }
        } finally {
            // Before any answer goes out, so a client never sees its upload still on disk.
            uploads.delete(upload);
        }
        res.headers().set(HeaderNames.CONTENT_TYPE, form.format().contentType());
        res.send(TranscriptFormats.render(result, form.format(), form.fileName(), form.segments(), form.words()));
    }

    private TranscriptionResult run(WhisperHost w, TranscriptionForm form, String id, Path upload,
                                    ClientConnectionWatch.Watch watch) throws InterruptedException {
        Map<String, Object> params = Map.of("file_bytes", form.fileBytes(), "response_format",
                form.format().name().toLowerCase(Locale.ROOT), "language", form.language().orElse("auto"));
        try (RequestQueue.Ticket ticket = w.queue().admit(new RequestQueue.QueueEntry(id, "transcription", params,
                System.currentTimeMillis() / 1000.0))) {
            while (!ticket.awaitTurn(SLICE)) {
                if (watch.gone()) {
                    throw new RequestCancelledException("the client went away");
                }
            }
            HostProcess host = w.awaitReady(READY_WAIT);
            int threads = cores.starting();
            try {
                TranscriptionRequest request = form.toRequest(id, upload, settings.maxDuration(), threads);
                long start = System.nanoTime();
                TranscriptionResult result = await(host, host.transcribe(request), id, watch);
                LOG.log(Level.INFO, String.format("transcribed %.1f s of audio in %.0f ms (%d thread(s))", result.duration(),
                        (System.nanoTime() - start) / 1e6, threads));
                return result;
            } finally {
                cores.finished();
            }
        }
    }

    private TranscriptionResult await(HostProcess host, CompletableFuture<TranscriptionResult> call, String id,
                                      ClientConnectionWatch.Watch watch) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (true) {
            try {
                return call.get(SLICE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof LlmException le) {
                    throw le;
                }
                throw new IllegalStateException("transcription failed", e.getCause());
            } catch (TimeoutException e) {
                String why = watch.gone() ? "the client went away"
                        : System.nanoTime() > deadline ? "the transcription took longer than "
                        + settings.timeout().toSeconds() + " s and was cancelled" : null;
                if (why != null) {
                    host.cancel(id);
                    try {
                        // Let the host stop before the next request runs, so they never share the cores.
                        call.get(CANCEL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (ExecutionException | TimeoutException ignored) {
                        // ended (cancelled) or still stopping
                    }
                    throw new RequestCancelledException(why);
                }
            }
        }
    }

    /** The first bytes must be an accepted audio container, whatever the upload is called. */
    private static void checkAudio(Path upload) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(upload)) {
            head = in.readNBytes(AudioContainer.HEAD_BYTES);
        }
        if (AudioContainer.sniff(head).isEmpty()) {
            throw new InvalidRequestException(
                    "the file is not audio in a supported format (WAV, MP3, M4A/AAC, OGG/Opus/Vorbis, FLAC, WebM)", "file");
        }
    }

    private static String boundary(ServerRequest req) {
        String type = req.headers().value(HeaderNames.CONTENT_TYPE).orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new JsonBodies.UnsupportedMediaTypeException("this endpoint takes multipart/form-data, not "
                    + (type.isEmpty() ? "an empty Content-Type" : type.split(";")[0]));
        }
        String boundary = HeaderParams.parse(type).get("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw new InvalidRequestException("the multipart/form-data Content-Type has no valid boundary", null);
        }
        return boundary;
    }

    private static long contentLength(ServerRequest req) {
        Optional<String> v = req.headers().value(HeaderNames.CONTENT_LENGTH);
        try {
            return v.map(s -> Long.parseLong(s.strip())).orElse(-1L);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("bad Content-Length", null);
        }
    }

    /** Stops the whisper host, and removes the upload folder. */
    @Override
    public void close() {
        whisper.ifPresent(WhisperHost::close);
        if (uploads != null) {
            uploads.close();
        }
    }
}
