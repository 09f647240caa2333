package dev.mlxgguf.server.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The connection of the request that the calling handler serves, and the guard against slow clients.
 *
 * <p>Helidon does not hand the connection to handlers; its HTTP/1 receive listener ({@link #listener}) sees it
 * right before routing, on the connection's own thread, which is also the thread that runs the handler, so a
 * thread-local carries it over. Empty for requests that did not come through HTTP/1 with the listener installed.
 *
 * <p>Slow clients: from a request line on, its headers must be complete within {@link ClientTimeouts#header()};
 * a request body read through {@link #timed(InputStream)} must get a byte at least every {@link ClientTimeouts#body()};
 * a response written through {@link #timed(OutputStream)} must take each write within {@link ClientTimeouts#write()}.
 * One daemon thread looks at the deadlines every {@link #TICK_MILLIS} ms and closes the connections past theirs,
 * which ends the blocked read. Thread-safe.
 */
public final class RequestConnection {

    /** How often deadlines are checked. */
    static final long TICK_MILLIS = 250;
    private static final long NONE = Long.MAX_VALUE;
    private static final ThreadLocal<ConnectionContext> CURRENT = new ThreadLocal<>();
    private static final Map<ConnectionContext, Guarded> GUARDED = new ConcurrentHashMap<>();
    private static final ScheduledExecutorService TICKER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("slow-client-guard").factory());

    static {
        TICKER.scheduleWithFixedDelay(RequestConnection::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private RequestConnection() {
    }

    /** One connection's timeouts and its current deadline ({@link #NONE} while it owes nothing). */
    private static final class Guarded {
        final ClientTimeouts timeouts;
        volatile long deadline;

        Guarded(ClientTimeouts timeouts, long deadline) {
            this.timeouts = timeouts;
            this.deadline = deadline;
        }

        /** Runs a blocking call that must end within {@code nanos}. */
        int within(long nanos, IoCall call) throws IOException {
            deadline = System.nanoTime() + nanos;
            try {
                return call.run();
            } finally {
                deadline = NONE;
            }
        }
    }

    /** A blocking read or write. */
    @FunctionalInterface
    private interface IoCall {
        int run() throws IOException;
    }

    /**
     * The receive listener to install on the HTTP/1 protocol.
     *
     * @param timeouts this server's client timeouts
     * @return the listener
     */
    public static Http1ConnectionListener listener(ClientTimeouts timeouts) {
        return new Http1ConnectionListener() {
            @Override
            public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
                GUARDED.put(ctx, new Guarded(timeouts, System.nanoTime() + timeouts.header().toNanos()));
            }

            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                Guarded g = GUARDED.get(ctx);
                if (g != null) {
                    g.deadline = NONE;
                }
                CURRENT.set(ctx);
            }
        };
    }

    /** {@return the current request's connection, on its handler's thread} */
    static Optional<ConnectionContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * A request body whose every read must get a byte within the body timeout, else the connection closes (and
     * the read fails). Without a current connection the stream is returned as it is.
     *
     * @param body the request's body stream, read on its handler's thread
     * @return the guarded stream
     */
    public static InputStream timed(InputStream body) {
        Guarded g = current().map(GUARDED::get).orElse(null);
        if (g == null) {
            return body;
        }
        long within = g.timeouts.body().toNanos();
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                return g.within(within, super::read);
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return g.within(within, () -> super.read(b, off, len));
            }
        };
    }

    /**
     * A response stream whose every write and flush must complete within the write timeout (a client that stops
     * reading its stream fills the socket buffers and blocks the write), else the connection closes and the write
     * fails. Without a current connection the stream is returned as it is.
     *
     * @param out the response's stream, written on its handler's thread
     * @return the guarded stream
     */
    public static OutputStream timed(OutputStream out) {
        Guarded g = current().map(GUARDED::get).orElse(null);
        if (g == null) {
            return out;
        }
        long within = g.timeouts.write().toNanos();
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                g.within(within, () -> {
                    out.write(b, off, len);
                    return 0;
                });
            }

            @Override
            public void flush() throws IOException {
                g.within(within, () -> {
                    out.flush();
                    return 0;
                });
            }
        };
    }

    /**
     * Closes a connection on purpose (its answer written, a client too slow, or one that must not send more).
     *
     * @param ctx the connection
     */
    static void close(ConnectionContext ctx) {
        HelidonSocket socket = ctx.serverSocket();
        try {
            socket.close();
        } catch (RuntimeException alreadyGone) {
            // the client closed first
        }
    }

    private static void tick() {
        long now = System.nanoTime();
        GUARDED.forEach((ctx, g) -> {
            try {
                if (!ctx.serverSocket().isConnected()) {
                    GUARDED.remove(ctx);
                } else if (g.deadline != NONE && now - g.deadline > 0) {
                    GUARDED.remove(ctx);
                    close(ctx);
                }
            } catch (RuntimeException e) {
                GUARDED.remove(ctx); // a connection in an unexpected state is no longer guarded, the others still are
            }
        });
    }
}
