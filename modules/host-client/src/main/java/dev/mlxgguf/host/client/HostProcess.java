package dev.mlxgguf.host.client;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.HostCrashedException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.host.protocol.FrameCodec;
import dev.mlxgguf.host.protocol.FrameWriter;
import dev.mlxgguf.host.protocol.FromHost;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.host.protocol.HostStats;
import dev.mlxgguf.host.protocol.ToHost;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One host process seen from the server: spawns the child JVM, sends frames to its stdin, reads frames
 * from its stdout on a platform reader thread, forwards its stderr to the log, and fails every pending
 * call the moment the child dies.
 *
 * <p>Thread-safe. Listener callbacks run on the reader thread. The child exits when this side closes
 * its stdin, so a server that dies for any reason leaves no host behind.
 */
public final class HostProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HostProcess.class.getName());

    private final String slot;
    private final Process process;
    private final FrameWriter stdin;
    private final StderrForwarder stderr;
    private final Map<String, PendingCall> calls = new ConcurrentHashMap<>();
    private final CompletableFuture<FromHost.Loaded> loaded = new CompletableFuture<>();
    private final CompletableFuture<HostExit> exit = new CompletableFuture<>();
    private final AtomicReference<HostStats> lastStats = new AtomicReference<>(new HostStats(0, 0, "", 0));
    /** nanoTime when the oldest unanswered ping was sent, or 0 when none is outstanding. */
    private final AtomicLong unansweredPingNanos = new AtomicLong();
    private final AtomicLong pingSeq = new AtomicLong();
    /** Unanswered pings by sequence number; a pong answers its own and every earlier one. */
    private final java.util.concurrent.ConcurrentSkipListMap<Long, CompletableFuture<HostStats>> pings =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private volatile boolean stopRequested;

    private HostProcess(String slot, Process process) {
        this.slot = slot;
        this.process = process;
        this.stdin = new FrameWriter(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.stderr = new StderrForwarder(slot, process.getErrorStream());
    }

    /**
     * Starts a host process. It idles until {@link #load} is called.
     *
     * @param command how to start the JVM
     * @param slot    the slot id, used in log lines and thread names
     * @return the running host
     * @throws IOException if the process cannot be started
     */
    public static HostProcess start(HostCommand command, String slot) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command.argv());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("LLAMA_ARG_") || k.equals("LLAMA_API_KEY"));
        env.putAll(command.env());
        env.put("MLXGGUF_HOST_PARENT", Long.toString(ProcessHandle.current().pid()));
        env.put("MLXGGUF_HOST_SLOT", slot);
        HostProcess host = new HostProcess(slot, pb.start());
        host.begin();
        return host;
    }

    private void begin() {
        Thread.ofPlatform().daemon().name("host-" + slot + "-stderr").start(stderr);
        Thread.ofPlatform().daemon().name("host-" + slot + "-reader").start(this::readLoop);
        process.onExit().thenRun(this::handleExit);
    }

    /** {@return the child's pid} */
    public long pid() {
        return process.pid();
    }

    /** {@return true while the child runs} */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** {@return completes when the child has exited} */
    public CompletableFuture<HostExit> onExit() {
        return exit;
    }

    /** {@return the load result: completes once after {@link #load}} */
    public CompletableFuture<FromHost.Loaded> loaded() {
        return loaded;
    }

    /** {@return the counters of the latest pong} */
    public HostStats lastStats() {
        return lastStats.get();
    }

    /** {@return how long the oldest unanswered ping has waited (zero when every ping was answered)} */
    public Duration pingOutstandingFor() {
        long sent = unansweredPingNanos.get();
        return sent == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - sent);
    }

    /**
     * Loads the model. Call once.
     *
     * @param spec what to load
     * @return completes with the load result, or exceptionally with an {@link LlmException}
     */
    public CompletableFuture<FromHost.Loaded> load(HostLoadSpec spec) {
        send(new ToHost.Load(spec));
        return loaded;
    }

    /**
     * Starts a generation; events go to {@code listener} on the reader thread.
     *
     * @param request  the generation
     * @param listener its receiver
     */
    public void generate(GenerationRequest request, GenerationListener listener) {
        register(request.id(), new PendingCall.Generation(listener));
        send(new ToHost.Generate(request));
    }

    /**
     * Counts prompt tokens.
     *
     * @param prompt the prompt
     * @return the count, or an {@link LlmException}
     */
    public CompletableFuture<Integer> countTokens(Prompt prompt) {
        String id = UUID.randomUUID().toString();
        PendingCall.Count call = new PendingCall.Count(new CompletableFuture<>());
        register(id, call);
        send(new ToHost.CountTokens(id, prompt));
        return call.future();
    }

    /**
     * Renders a chat with the model's template.
     *
     * @param chat the chat
     * @return the text, or an {@link LlmException}
     */
    public CompletableFuture<String> renderChat(Prompt.Chat chat) {
        String id = UUID.randomUUID().toString();
        PendingCall.Render call = new PendingCall.Render(new CompletableFuture<>());
        register(id, call);
        send(new ToHost.RenderChat(id, chat));
        return call.future();
    }

    /**
     * Transcribes audio with the host's speech model. Cancel it with {@link #cancel} and the request id.
     *
     * @param request the transcription
     * @return the result, or an {@link LlmException} (also when the host dies or the model is unloaded)
     */
    public CompletableFuture<TranscriptionResult> transcribe(TranscriptionRequest request) {
        PendingCall.Transcription call = new PendingCall.Transcription(new CompletableFuture<>());
        register(request.id(), call);
        send(new ToHost.Transcribe(request));
        return call.future();
    }

    /**
     * Asks the host to stop a request; its listener still gets a terminal event.
     *
     * @param requestId the request
     */
    public void cancel(String requestId) {
        if (calls.containsKey(requestId)) {
            sendQuietly(new ToHost.Cancel(requestId));
        }
    }

    /**
     * Sends a liveness probe; the answer updates {@link #lastStats()} and {@link #pingOutstandingFor()}.
     *
     * @return completes with the counters of this probe's answer (the host answers even mid-generation), or
     *         exceptionally when the host exits first
     */
    public CompletableFuture<HostStats> ping() {
        unansweredPingNanos.compareAndSet(0, System.nanoTime());
        long seq = pingSeq.incrementAndGet();
        CompletableFuture<HostStats> answer = new CompletableFuture<>();
        pings.put(seq, answer);
        if (exit.isDone()) {
            answer.completeExceptionally(deathError());
        }
        sendQuietly(new ToHost.Ping(seq));
        return answer;
    }

    /**
     * Stops the child: {@code Shutdown}, stdin closed, then SIGTERM and SIGKILL if it lingers.
     * Pending calls fail with {@link UnavailableException}. Blocks up to about {@code grace} plus 2 s.
     *
     * @param grace how long the child may take to exit by itself
     */
    public void stop(Duration grace) {
        stopRequested = true;
        sendQuietly(new ToHost.Shutdown());
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the child at once (SIGKILL); pending calls fail as for a crash. */
    public void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private void register(String id, PendingCall call) {
        if (!process.isAlive() || exit.isDone()) {
            throw new HostCrashedException("model process is not running");
        }
        if (calls.putIfAbsent(id, call) != null) {
            throw new IllegalStateException("duplicate request id " + id);
        }
    }

    private void send(ToHost.Work frame) {
        try {
            stdin.write(frame);
        } catch (IOException e) {
            String id = switch (frame) {
                case ToHost.Generate g -> g.request().id();
                case ToHost.CountTokens c -> c.requestId();
                case ToHost.RenderChat r -> r.requestId();
                case ToHost.Transcribe t -> t.request().id();
                case ToHost.Load l -> null;
            };
            LlmException error = deathError();
            if (id != null) {
                PendingCall call = calls.remove(id);
                if (call != null) {
                    call.fail(error);
                }
            }
            if (frame instanceof ToHost.Load) {
                loaded.completeExceptionally(error);
            }
        }
    }

    private void sendQuietly(ToHost frame) {
        try {
            stdin.write(frame);
        } catch (IOException ignored) {
            // the exit handler reports the death
        }
    }

    private void readLoop() {
        DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        try {
            while (true) {
                dispatch(FrameCodec.readFromHost(in));
            }
        } catch (EOFException e) {
            // child closed stdout: it is exiting
        } catch (IOException e) {
            LOG.log(Level.ERROR, "[slot " + slot + "] " + e.getMessage() + "; killing the host");
            process.destroyForcibly();
        }
    }

    private void dispatch(FromHost frame) {
        switch (frame) {
            case FromHost.Loaded f -> loaded.complete(f);
            case FromHost.Failed f when f.requestId() == null ->
                    loaded.completeExceptionally(f.kind().toException(f.message(), f.param()));
            case FromHost.Failed f -> finish(f.requestId()).fail(f.kind().toException(f.message(), f.param()));
            case FromHost.Token f -> {
                if (calls.get(f.requestId()) instanceof PendingCall.Generation g) {
                    g.listener().onToken(f.text(), f.tokens());
                }
            }
            case FromHost.Done f -> {
                if (finish(f.requestId()) instanceof PendingCall.Generation g) {
                    g.listener().onDone(f.result());
                }
            }
            case FromHost.Count f -> {
                if (finish(f.requestId()) instanceof PendingCall.Count c) {
                    c.future().complete(f.count());
                }
            }
            case FromHost.Rendered f -> {
                if (finish(f.requestId()) instanceof PendingCall.Render r) {
                    r.future().complete(f.text());
                }
            }
            case FromHost.Transcribed f -> {
                if (finish(f.requestId()) instanceof PendingCall.Transcription t) {
                    t.future().complete(f.result());
                }
            }
            case FromHost.Pong f -> {
                lastStats.set(f.stats());
                unansweredPingNanos.set(0);
                var answered = pings.headMap(f.seq(), true);
                answered.values().forEach(p -> p.complete(f.stats()));
                answered.clear();
            }
        }
    }

    private PendingCall finish(String id) {
        PendingCall call = calls.remove(id);
        return call == null ? PendingCall.NONE : call;
    }

    private void handleExit() {
        HostExit info = HostExit.of(process.exitValue(), stopRequested);
        exit.complete(info);
        if (!info.requested()) {
            LOG.log(Level.WARNING, "[slot " + slot + "] model process " + info.description()
                    + stderr.lastLine().map(l -> "; last log line: " + l).orElse(""));
        }
        LlmException error = deathError();
        loaded.completeExceptionally(error);
        pings.values().forEach(p -> p.completeExceptionally(error));
        pings.clear();
        for (String id : calls.keySet()) {
            PendingCall call = calls.remove(id);
            if (call != null) {
                call.fail(error);
            }
        }
    }

    private LlmException deathError() {
        if (stopRequested) {
            return new UnavailableException("the model was unloaded");
        }
        String what = exit.isDone() ? exit.join().description() : "stopped responding";
        String last = stderr.lastLine().map(l -> " (last log line: " + l + ")").orElse("");
        return ErrorKind.HOST_CRASHED.toException("model process " + what + last, null);
    }
}
