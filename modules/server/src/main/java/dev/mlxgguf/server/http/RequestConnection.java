package dev.mlxgguf.server.http;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.util.Optional;

/**
 * The connection of the request that the calling handler serves. Helidon does not hand it to handlers; its
 * HTTP/1 receive listener ({@link #listener()}) sees it right before routing, on the connection's own thread,
 * which is also the thread that runs the handler, so a thread-local carries it over. Empty for requests that did
 * not come through HTTP/1 with the listener installed.
 */
public final class RequestConnection {

    private static final ThreadLocal<ConnectionContext> CURRENT = new ThreadLocal<>();

    private RequestConnection() {
    }

    /** {@return the receive listener to install on the HTTP/1 protocol} */
    public static Http1ConnectionListener listener() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                CURRENT.set(ctx);
            }
        };
    }

    /** {@return the current request's connection, on its handler's thread} */
    static Optional<ConnectionContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Closes a connection on purpose (its answer written, or a client that must not send more).
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
}
