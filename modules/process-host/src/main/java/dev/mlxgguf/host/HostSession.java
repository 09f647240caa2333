package dev.mlxgguf.host;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.host.protocol.Frame;
import dev.mlxgguf.host.protocol.FrameCodec;
import dev.mlxgguf.host.protocol.FrameWriter;
import dev.mlxgguf.host.protocol.ProtocolException;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
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
    private final LinkedBlockingQueue<Frame> work = new LinkedBlockingQueue<>();
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
        work.add(new Frame.Shutdown());
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
            Frame frame = FrameCodec.read(in);
            switch (frame) {
                case Frame.Ping p -> out.write(new Frame.Pong(p.seq(), worker.stats()));
                case Frame.Cancel c -> cancelled.add(c.requestId());
                case Frame.Shutdown s -> {
                    LOG.log(Level.INFO, "shutdown requested");
                    return;
                }
                case Frame.Load l -> work.add(l);
                case Frame.Generate g -> work.add(g);
                case Frame.CountTokens c -> work.add(c);
                case Frame.RenderChat r -> work.add(r);
                case Frame.Transcribe t -> work.add(t);
                case Frame.Loaded f -> unexpected(f);
                case Frame.Token f -> unexpected(f);
                case Frame.Done f -> unexpected(f);
                case Frame.Count f -> unexpected(f);
                case Frame.Rendered f -> unexpected(f);
                case Frame.Failed f -> unexpected(f);
                case Frame.Pong f -> unexpected(f);
                case Frame.Transcribed f -> unexpected(f);
            }
        }
    }

    private static void unexpected(Frame f) throws ProtocolException {
        throw new ProtocolException("unexpected frame from parent: " + f.getClass().getSimpleName());
    }

    /**
     * Maps any failure to a {@code Failed} frame.
     *
     * @param requestId the request, or null for the load
     * @param e         the failure
     * @return the frame
     */
    static Frame.Failed failure(String requestId, Throwable e) {
        if (e instanceof LlmException le) {
            String param = le instanceof InvalidRequestException ire ? ire.param() : null;
            return new Frame.Failed(requestId, le.kind(), le.getMessage(), param);
        }
        LOG.log(Level.ERROR, "internal error", e);
        return new Frame.Failed(requestId, ErrorKind.ENGINE_FAILURE, "internal engine error: " + e.getClass().getSimpleName(), null);
    }
}
