package dev.mlxgguf.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client may take, against slow clients that hold connections open (slowloris).
 *
 * @param header from a request line to the end of its headers ({@code --header-timeout}, default 10 s)
 * @param body   without a byte while a request body is read ({@code --body-timeout}, default 30 s)
 * @param idle   a kept-alive connection without a request ({@code --idle-timeout}, default 60 s; checked about
 *               every tenth of it, at most every 5 s)
 * @param write  a write to a client that does not read (a stalled stream) ({@code --write-timeout}, default 30 s)
 */
public record ClientTimeouts(Duration header, Duration body, Duration idle, Duration write) {

    /** Checks that every timeout is positive. */
    public ClientTimeouts {
        for (Duration d : new Duration[] {header, body, idle, write}) {
            if (Objects.requireNonNull(d).isNegative() || d.isZero()) {
                throw new IllegalArgumentException("client timeouts must be positive");
            }
        }
    }

    /** {@return 10 s for headers, 30 s between body bytes, 60 s idle, 30 s per write} */
    public static ClientTimeouts defaults() {
        return new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(30));
    }

    /**
     * @param header the header timeout
     * @return these timeouts with another header timeout
     */
    public ClientTimeouts withHeader(Duration header) {
        return new ClientTimeouts(header, body, idle, write);
    }

    /**
     * @param body the body timeout
     * @return these timeouts with another body timeout
     */
    public ClientTimeouts withBody(Duration body) {
        return new ClientTimeouts(header, body, idle, write);
    }

    /**
     * @param idle the idle timeout
     * @return these timeouts with another idle timeout
     */
    public ClientTimeouts withIdle(Duration idle) {
        return new ClientTimeouts(header, body, idle, write);
    }

    /**
     * @param write the write timeout
     * @return these timeouts with another write timeout
     */
    public ClientTimeouts withWrite(Duration write) {
        return new ClientTimeouts(header, body, idle, write);
    }
}
