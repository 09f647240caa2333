package dev.mlxgguf.server.models;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The crash-loop breaker and the backoff count only crashes with no served request between them. */
class CrashHistoryTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void crashesWithoutAServedRequestTripTheBreaker() {
        CrashHistory h = new CrashHistory();
        h.record(0);
        h.record(10 * SECOND);
        assertThat(h.tripped(10 * SECOND), is(false));
        h.record(20 * SECOND);
        assertThat(h.tripped(20 * SECOND), is(true));
        assertThat(h.tripped(20 * SECOND + CrashHistory.BREAKER_WINDOW.toNanos()), is(false)); // the first fell out
    }

    @Test
    void aServedRequestBetweenCrashesIsNotACrashLoop() {
        CrashHistory h = new CrashHistory();
        for (int i = 0; i < 10; i++) {
            h.record(i * SECOND);
            assertThat(h.tripped(i * SECOND), is(false));
            h.served();
        }
        h.record(11 * SECOND);
        assertThat(h.backoff(), is(Duration.ofSeconds(1))); // served since the last crash: back at once
        h.record(12 * SECOND);
        h.record(13 * SECOND);
        assertThat(h.backoff(), is(Duration.ofSeconds(4))); // three crashes without an answer between them
        h.clear();
        h.record(0);
        assertThat(h.backoff(), is(Duration.ofSeconds(1)));
    }
}
