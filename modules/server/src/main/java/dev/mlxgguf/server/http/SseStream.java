package dev.mlxgguf.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes Server-Sent Events exactly as OpenAI does: {@code data: <json>\n\n} per event, keep-alive
 * comments, and {@code data: [DONE]\n\n} at the end. Written to the raw response stream (not
 * Helidon's SseSink) so that clients sending {@code Accept: application/json} with {@code stream: true}
 * (the OpenAI SDKs do) get a stream, and naive clients that strip {@code "data: "} work.
 *
 * <p>Used by one request thread. Every write is flushed; an {@link IOException} means the client is gone.
 */
public final class SseStream implements AutoCloseable {

    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private long written;
    private boolean closed;

    /**
     * Starts the stream: sets the SSE headers; they go out with the first flush.
     *
     * @param res the response
     */
    public SseStream(ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("X-Accel-Buffering"), "no");
        this.out = RequestConnection.timed(res.outputStream()); // a client that stops reading is cut off
    }

    /**
     * Sends the headers now (before the first event), so that waiting clients see the stream open.
     *
     * @throws IOException if the client is gone
     */
    public void open() throws IOException {
        send(new byte[0]);
    }

    /**
     * Sends one event.
     *
     * @param json the payload: JSON text on one line
     * @throws IOException if the client is gone
     */
    public void event(String json) throws IOException {
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[DATA.length + payload.length + END.length];
        System.arraycopy(DATA, 0, frame, 0, DATA.length);
        System.arraycopy(payload, 0, frame, DATA.length, payload.length);
        System.arraycopy(END, 0, frame, DATA.length + payload.length, END.length);
        send(frame);
    }

    /** Writes and flushes; Helidon reports a gone client as an unchecked exception, turned back into IOException. */
    private void send(byte[] bytes) throws IOException {
        try {
            out.write(bytes);
            out.flush();
            written += bytes.length;
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("client connection failed: " + e, e);
        }
    }

    /**
     * Sends a comment line ({@code : text}), used as keep-alive and to detect a gone client.
     *
     * @param text the comment
     * @throws IOException if the client is gone
     */
    public void comment(String text) throws IOException {
        send((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code data: [DONE]} and ends the response.
     *
     * @throws IOException if the client is gone
     */
    public void done() throws IOException {
        send(DONE);
        close();
    }

    /** {@return bytes written so far} */
    public long written() {
        return written;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException | RuntimeException e) {
            // the client is gone; nothing to tell it
        }
    }
}
