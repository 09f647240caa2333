package dev.mlxgguf.host;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.host.protocol.FrameCodec;
import dev.mlxgguf.host.protocol.FrameWriter;
import dev.mlxgguf.host.protocol.FromHost;
import dev.mlxgguf.host.protocol.ProtocolException;
import dev.mlxgguf.host.protocol.ToHost;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The host's frame loop. The calling thread reads frames and answers pings at once; model work runs
 * in order on one platform worker thread ({@link HostWorker}), because native engines pin their thread.
 *
 * <p>Cancellation: a {@code Cancel} frame marks the request id; a queued request is then answered with
 * {@code Failed(CANCELLED)} without running, a running one stops at its next token.
 */
final class HostSession {

    private static final System.Logger LOG = System.getLogger(HostSession.class.getName());

    private final DataInputStream in;
    private final FrameWriter out;
    private final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Optional<ToHost.Work>> work = new LinkedBlockingQueue<>();
    private final HostWorker worker;

    HostSession(DataInputStream in, FrameWriter out) {
        this.in = in;
        this.out = out;
        this.worker = new HostWorker(out, cancelled, work);
    }

    /**
     * Reads frames until stdin ends or a {@code Shutdown} arrives, then stops the worker.
     *
     * @return the process exit code
     */
    int run() {
        Thread workerThread = Thread.ofPlatform().name("host-worker").start(worker);
        int code = 0;
        try {
            loop();
        } catch (EOFException e) {
            LOG.log(Level.INFO, "stdin closed; exiting");
        } catch (ProtocolException e) {
            LOG.log(Level.ERROR, "protocol error: " + e.getMessage());
            code = 2;
        } catch (IOException e) {
            LOG.log(Level.ERROR, "I/O error on the frame stream: " + e);
            code = 2;
        }
        worker.stop();
        work.add(Optional.empty());
        try {
            // A native call may be mid-flight; give it a moment, then exit regardless.
            workerThread.join(TimeUnit.SECONDS.toMillis(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return code;
    }

    private void loop() throws IOException {
        while (true) {
            switch (FrameCodec.readToHost(in)) {
                case ToHost.Ping p -> out.write(new FromHost.Pong(p.seq(), worker.stats()));
                case ToHost.Cancel c -> cancelled.add(c.requestId());
                case ToHost.Shutdown s -> {
                    LOG.log(Level.INFO, "shutdown requested");
                    return;
                }
                case ToHost.Work w -> work.add(Optional.of(w));
            }
        }
    }

    /**
     * Maps any failure to a {@code Failed} frame.
     *
     * @param requestId the request, or null for the load
     * @param e         the failure
     * @return the frame
     */
    static FromHost.Failed failure(String requestId, Throwable e) {
        if (e instanceof LlmException le) {
            return new FromHost.Failed(requestId, le.kind(), le.getMessage(), le.param());
        }
        LOG.log(Level.ERROR, "internal error", e);
        return new FromHost.Failed(requestId, ErrorKind.ENGINE_FAILURE, "internal engine error: " + e.getClass().getSimpleName(), null);
    }
}
