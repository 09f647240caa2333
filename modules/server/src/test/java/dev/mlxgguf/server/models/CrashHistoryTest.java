package dev.mlxgguf.server.models;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The crash-loop breaker counts only crashes with no served request between them; the backoff counts all. */
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
        assertThat(h.backoff(), is(CrashHistory.MAX_BACKOFF)); // the backoff still grows with every crash
        h.clear();
        h.record(0);
        assertThat(h.backoff(), is(Duration.ofSeconds(1)));
    }
}
