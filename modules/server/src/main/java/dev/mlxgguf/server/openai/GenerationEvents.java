package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.host.client.GenerationListener;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands one generation's events from the host's reader thread to the request's own thread, so the
 * reader never waits for a slow client. Unbounded: events are small and a generation is bounded by
 * its token limit.
 */
final class GenerationEvents implements GenerationListener {

    /** One event of a generation. */
    sealed interface Event {
    }

    /** Generated text. @param text whole characters @param tokens tokens it completes */
    record Text(String text, int tokens) implements Event {
    }

    /** The generation ended. @param result how */
    record Done(GenerationResult result) implements Event {
    }

    /** The generation failed. @param error why */
    record Failed(LlmException error) implements Event {
    }

    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void onToken(String text, int tokens) {
        events.add(new Text(text, tokens));
    }

    @Override
    public void onDone(GenerationResult result) {
        events.add(new Done(result));
    }

    @Override
    public void onFailed(LlmException error) {
        events.add(new Failed(error));
    }

    /**
     * Waits for the next event.
     *
     * @param timeout longest wait
     * @return the event, or null when the time passed first
     * @throws InterruptedException if interrupted
     */
    Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
