package dev.mlxgguf.server.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Notices clients that hang up while their request waits or runs, on every platform, without writing to them.
 *
 * <p>Once an HTTP/1.1 request's body has been read, its client sends nothing more until it has its answer. A
 * {@link Watch} reads the request's connection meanwhile, on a virtual thread of its own: the end of the stream
 * or a reset is positive evidence that the client is gone; nothing else is taken for a hang-up. The read goes
 * through Helidon's reader of that connection, so bytes of a pipelined next request stay there for Helidon (the
 * watch then ends without reporting a hang-up).
 *
 * <p>A watched request answers with {@code Connection: close} (set when the watch starts, so every answer carries
 * it, errors included), and its connection is closed once the answer is written: that ends the read still
 * pending, so it never runs beside Helidon's read of a next request on the same connection.
 *
 * <p>The connection comes from {@link RequestConnection}; where none was captured (another protocol) a watch never
 * reports a hang-up. Thread-safe.
 */
public final class ClientConnectionWatch {

    /** How often a waiting request looks at its watch; a hang-up is acted on within about this long. */
    public static final Duration INTERVAL = Duration.ofMillis(250);

    private ClientConnectionWatch() {
    }

    /**
     * Starts watching the connection of the request the calling handler serves, and marks the response
     * {@code Connection: close}. Call it after the request's body was read (a body still unread is not watched).
     *
     * @param req the request, on its handler's thread
     * @param res its response, not sent yet
     * @return the watch; close it when the request ends
     */
    public static Watch watch(ServerRequest req, ServerResponse res) {
        ConnectionContext ctx = RequestConnection.current().orElse(null);
        if (ctx == null || !req.content().consumed()) {
            return new Watch(null);
        }
        res.header(HeaderNames.CONNECTION, "close");
        res.whenSent(() -> RequestConnection.close(ctx));
        return new Watch(ctx.dataReader());
    }

    /** One watched request. */
    public static final class Watch implements AutoCloseable {
        private final CompletableFuture<Boolean> ended = new CompletableFuture<>();
        private volatile boolean closed;

        private Watch(DataReader reader) {
            if (reader != null) {
                Thread.ofVirtual().name("client-watch").start(() -> read(reader));
            }
        }

        private void read(DataReader reader) {
            try {
                reader.ensureAvailable(); // returns once a next request's bytes arrive: the client is there
                ended.complete(false);
            } catch (DataReader.InsufficientDataAvailableException eof) {
                ended.complete(true);
            } catch (RuntimeException reset) {
                ended.complete(!closed); // after the request ended, Helidon closing the socket is no hang-up
            }
        }

        /** {@return true once the client closed or reset its connection} */
        public boolean gone() {
            return !closed && ended.getNow(false);
        }

        /** {@return completes with true when the client hangs up, false when it sends more} */
        public CompletableFuture<Boolean> ended() {
            return ended;
        }

        /** The request ended; the read still pending ends with the connection. */
        @Override
        public void close() {
            closed = true;
        }
    }
}
