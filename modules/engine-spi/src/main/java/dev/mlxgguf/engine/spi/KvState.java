package dev.mlxgguf.engine.spi;

import java.nio.ByteBuffer;

/**
 * An engine's KV memory for one sequence, as the {@link PromptCache} drives it. Positions are
 * {@code 0..n-1}; implementations are confined to the model's thread.
 */
public interface KvState {

    /** Forgets every position. */
    void clear();

    /**
     * Keeps positions {@code [0, keep)} and drops the rest.
     *
     * @param keep positions to keep
     * @return false if the engine cannot drop a partial range (then nothing changed)
     */
    boolean truncate(int keep);

    /**
     * Copies the state of positions {@code [0, tokens)}.
     *
     * @param tokens positions held
     * @return the state, from position 0 to limit
     */
    ByteBuffer save(int tokens);

    /**
     * Replaces the memory with a saved state of {@code tokens} positions.
     *
     * @param state  bytes from {@link #save} of the same model (a direct buffer)
     * @param tokens positions it holds
     * @return false if the engine rejected it (the memory is then cleared)
     */
    boolean restore(ByteBuffer state, int tokens);
}
