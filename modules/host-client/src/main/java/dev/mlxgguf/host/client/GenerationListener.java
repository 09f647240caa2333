package dev.mlxgguf.host.client;

import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.LlmException;

/**
 * Receives one generation's events from a host. Methods are called in order on the host's reader
 * thread and must return quickly (hand the data to the request's own thread). Exactly one of
 * {@link #onDone} and {@link #onFailed} ends the call.
 */
public interface GenerationListener {

    /**
     * Generated text.
     *
     * @param text   whole characters
     * @param tokens tokens this text completes
     */
    void onToken(String text, int tokens);

    /**
     * The generation ended normally (stop, length or cancelled).
     *
     * @param result how it ended
     */
    void onDone(GenerationResult result);

    /**
     * The generation failed, the host died, or the model was unloaded.
     *
     * @param error the failure
     */
    void onFailed(LlmException error);
}
