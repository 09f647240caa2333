package dev.mlxgguf.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What becomes of the unread rest of a request body when the request is refused with an error, so that every
 * client gets the answer rather than a connection reset. Such an answer carries {@code Connection: close}, and the
 * connection closes after it:
 * <ul>
 *   <li>{@code Expect: 100-continue}: the refusal is the early final answer (no {@code 100 Continue} was sent) and
 *       the connection closes right after it: the client never sends its body;</li>
 *   <li>otherwise, up to {@link #DRAIN_MAX} declared (or chunked): the answer goes out first, then the rest is read
 *       and discarded before closing, so a client that writes its whole body before reading (Python's http.client,
 *       httpx, undici) finds the answer waiting instead of a reset; the drain stops at {@code DRAIN_MAX} bytes, after
 *       {@link #DRAIN_IDLE} without a byte, or after {@link #DRAIN_TIME};</li>
 *   <li>more declared than {@code DRAIN_MAX}: closed right after the answer.</li>
 * </ul>
 * A request whose body was read to its end is left alone. Used on the refused request's handler thread only.
 */
public final class RefusedBody {

    /** Most bytes read and discarded after a refusal. */
    public static final long DRAIN_MAX = 64L << 20;
    /** A client that sends nothing for this long while its refused body is drained is cut off. */
    public static final Duration DRAIN_IDLE = Duration.ofSeconds(2);
    /** Longest drain. */
    public static final Duration DRAIN_TIME = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(100);

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
            drain(ctx);
        }
        RequestConnection.close(ctx);
    }

    private void drain(ConnectionContext ctx) {
        AtomicLong progress = new AtomicLong(System.nanoTime());
        CountDownLatch done = new CountDownLatch(1);
        Thread guard = Thread.ofVirtual().name("refused-body-guard").start(() -> guard(ctx, progress, done));
        try (InputStream in = req.content().inputStream()) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                progress.set(System.nanoTime());
                if (total > DRAIN_MAX) {
                    return;
                }
            }
        } catch (IOException | RuntimeException cutOffOrGone) {
            // the guard closed the connection, or the client did
        } finally {
            done.countDown();
            guard.interrupt();
        }
    }

    /** Closes the connection under a drain that stalls or runs too long; that ends the drain's blocked read. */
    private static void guard(ConnectionContext ctx, AtomicLong progress, CountDownLatch done) {
        long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
        try {
            while (!done.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (now - progress.get() > DRAIN_IDLE.toNanos() || now > deadline) {
                    RequestConnection.close(ctx);
                    return;
                }
            }
        } catch (InterruptedException drained) {
            // the drain ended
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
