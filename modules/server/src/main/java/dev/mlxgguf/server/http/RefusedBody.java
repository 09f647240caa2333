package dev.mlxgguf.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * What becomes of the unread rest of a request body when the request is refused with an error, so that every
 * client gets the answer rather than a connection reset. Such an answer carries {@code Connection: close}, and the
 * connection closes after it:
 * <ul>
 *   <li>{@code Expect: 100-continue}: the refusal is the early final answer (no {@code 100 Continue} was sent) and
 *       the connection closes right after it: the client never sends its body;</li>
 *   <li>otherwise, up to {@link #DRAIN_MAX} declared (or chunked): the answer goes out first, then the rest is read
 *       and discarded before closing, so a client that writes its whole body before reading (Python's http.client,
 *       httpx, undici) finds the answer waiting instead of a reset; the drain stops at {@code DRAIN_MAX} bytes or when
 *       the client sends nothing for the body timeout ({@link ClientTimeouts#body()});</li>
 *   <li>more declared than {@code DRAIN_MAX}: closed right after the answer.</li>
 * </ul>
 * A request whose body was read to its end is left alone. Used on the refused request's handler thread only.
 */
public final class RefusedBody {

    /** Most bytes read and discarded after a refusal. */
    public static final long DRAIN_MAX = 64L << 20;

    private final ServerRequest req;
    private final Policy policy;

    private enum Policy { NOTHING, DRAIN, CLOSE }

    private RefusedBody(ServerRequest req, Policy policy) {
        this.req = req;
        this.policy = policy;
    }

    /**
     * Decides, before the error answer is sent, and marks the answer {@code Connection: close} where the connection
     * will close.
     *
     * @param req the refused request
     * @param res its response, not sent yet
     * @return what to do once the answer is sent
     */
    public static RefusedBody before(ServerRequest req, ServerResponse res) {
        Policy p;
        if (req.content().consumed() || RequestConnection.current().isEmpty()) {
            p = Policy.NOTHING;
        } else if (req.headers().contains(HeaderValues.EXPECT_100) || declared(req) > DRAIN_MAX) {
            p = Policy.CLOSE;
        } else {
            p = Policy.DRAIN;
        }
        if (p != Policy.NOTHING) {
            res.header(HeaderNames.CONNECTION, "close");
        }
        return new RefusedBody(req, p);
    }

    /** After the answer was sent: drains the rest of the body (bounded), then closes the connection. */
    public void after() {
        if (policy == Policy.NOTHING) {
            return;
        }
        ConnectionContext ctx = RequestConnection.current().orElseThrow();
        if (policy == Policy.DRAIN) {
            drain();
        }
        RequestConnection.close(ctx);
    }

    private void drain() {
        try (InputStream in = RequestConnection.timed(req.content().inputStream())) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                if (total > DRAIN_MAX) {
                    return;
                }
            }
        } catch (IOException | RuntimeException cutOffOrGone) {
            // too slow (the guard closed the connection), or the client closed it
        }
    }

    private static long declared(ServerRequest req) {
        try {
            return req.headers().value(HeaderNames.CONTENT_LENGTH).map(v -> Long.parseLong(v.strip())).orElse(0L);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
