package dev.mlxgguf.server.models;

import dev.mlxgguf.api.OverloadedException;
import dev.mlxgguf.api.UnavailableException;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The slot queue: FIFO turns, the capacity, failing waiters, and condition waits. */
class RequestQueueTest {

    private static RequestQueue.QueueEntry entry(String id) {
        return new RequestQueue.QueueEntry(id, "completions", Map.of(), 0);
    }

    @Test
    void turnsAreFirstInFirstOutAndTheCapacityCountsTheRunningRequest() throws Exception {
        RequestQueue q = new RequestQueue(3);
        RequestQueue.Ticket a = q.admit(entry("a"));
        RequestQueue.Ticket b = q.admit(entry("b"));
        RequestQueue.Ticket c = q.admit(entry("c"));
        OverloadedException full = assertThrows(OverloadedException.class, () -> q.admit(entry("d")));
        assertThat(full.getMessage().contains("3 requests"), is(true));
        assertThat(c.awaitTurn(Duration.ZERO), is(false));
        assertThat(b.awaitTurn(Duration.ZERO), is(false));
        assertThat(a.awaitTurn(Duration.ZERO), is(true));
        assertThat(q.busy(), is(true));
        assertThat(q.waitingCount(), is(2));
        assertThat(q.snapshot().stream().map(RequestQueue.QueueEntry::requestId).toList(), is(java.util.List.of("a", "b", "c")));
        a.close();
        assertThat(c.awaitTurn(Duration.ZERO), is(false));
        assertThat(b.awaitTurn(Duration.ZERO), is(true));
        b.close();
        c.close();
        assertThat(q.busy() || q.waitingCount() > 0, is(false));
    }

    @Test
    void awaitConditionWakesOnChangesAndTimesOut() throws Exception {
        RequestQueue q = new RequestQueue(4);
        assertThat(q.awaitCondition(RequestQueue::busy, Duration.ofMillis(50)), is(false));
        Thread starter = Thread.ofVirtual().start(() -> {
            RequestQueue.Ticket t = q.admit(entry("x"));
            try {
                t.awaitTurn(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(q.awaitCondition(RequestQueue::busy, Duration.ofSeconds(10)), is(true));
        starter.join();
    }

    @Test
    void failingWaitersKeepsTheRunningRequestAndClosingRefusesNewOnes() throws Exception {
        RequestQueue q = new RequestQueue(4);
        RequestQueue.Ticket running = q.admit(entry("r"));
        assertThat(running.awaitTurn(Duration.ZERO), is(true));
        RequestQueue.Ticket waiting = q.admit(entry("w"));
        assertThat(q.failWaiting(new UnavailableException("crashed")), is(1));
        assertThrows(UnavailableException.class, () -> waiting.awaitTurn(Duration.ZERO));
        assertThat(q.busy(), is(true));
        q.close(new UnavailableException("unloaded"));
        UnavailableException refused = assertThrows(UnavailableException.class, () -> q.admit(entry("late")));
        assertThat(refused.getMessage(), is("unloaded"));
    }
}
