package dev.mlxgguf.engine.spi;

import dev.mlxgguf.api.TokenChunk;

/**
 * Receives generated text from an engine.
 *
 * <p>Contract (engines rely on it, sinks must honour it):
 * <ul>
 *   <li>chunks arrive strictly in order, on the generating thread, never concurrently;</li>
 *   <li>chunk text is complete UTF-16: engines hold back partial UTF-8 sequences and text that may
 *       be the start of a stop string;</li>
 *   <li>after {@code push} returns {@code false} the engine stops at the next token boundary and
 *       reports {@link dev.mlxgguf.api.FinishReason#CANCELLED};</li>
 *   <li>a sink never throws: transport failures are reported by returning {@code false}.</li>
 * </ul>
 */
@FunctionalInterface
public interface TokenSink {

    /**
     * Takes the next piece of text.
     *
     * @param chunk the piece
     * @return true to continue, false to stop generating
     */
    boolean push(TokenChunk chunk);

    /**
     * Asked once per generated token, even when no text is released, so that a cancelled request
     * stops within one token. The default never cancels.
     *
     * @return true to continue, false to stop generating
     */
    default boolean keepGoing() {
        return true;
    }
}
