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
 */
public record ClientTimeouts(Duration header, Duration body, Duration idle) {

    /** Checks that every timeout is positive. */
    public ClientTimeouts {
        for (Duration d : new Duration[] {header, body, idle}) {
            if (Objects.requireNonNull(d).isNegative() || d.isZero()) {
                throw new IllegalArgumentException("client timeouts must be positive");
            }
        }
    }

    /** {@return 10 s for headers, 30 s between body bytes, 60 s idle} */
    public static ClientTimeouts defaults() {
        return new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }
}
