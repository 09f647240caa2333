package dev.mlxgguf.host.client;

import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.speech.TranscriptionResult;

import java.util.concurrent.CompletableFuture;

/** A request sent to a host that still waits for its terminal frame. */
sealed interface PendingCall {

    /** Placeholder for an unknown or already finished request id. */
    PendingCall NONE = new None();

    /**
     * Ends the call with a failure.
     *
     * @param error the failure
     */
    void fail(LlmException error);

    /** A generation. @param listener its receiver */
    record Generation(GenerationListener listener) implements PendingCall {
        @Override
        public void fail(LlmException error) {
            listener.onFailed(error);
        }
    }

    /** A token count. @param future its result */
    record Count(CompletableFuture<Integer> future) implements PendingCall {
        @Override
        public void fail(LlmException error) {
            future.completeExceptionally(error);
        }
    }

    /** A chat render. @param future its result */
    record Render(CompletableFuture<String> future) implements PendingCall {
        @Override
        public void fail(LlmException error) {
            future.completeExceptionally(error);
        }
    }

    /** A transcription. @param future its result */
    record Transcription(CompletableFuture<TranscriptionResult> future) implements PendingCall {
        @Override
        public void fail(LlmException error) {
            future.completeExceptionally(error);
        }
    }

    /** Nothing pending. */
    record None() implements PendingCall {
        @Override
        public void fail(LlmException error) {
            // nobody waits
        }
    }
}
