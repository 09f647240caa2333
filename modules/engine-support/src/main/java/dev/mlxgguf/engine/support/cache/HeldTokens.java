package dev.mlxgguf.engine.support.cache;

import java.util.Arrays;

/**
 * The tokens whose keys and values a generation has put in the KV memory so far: the prompt up to the last
 * decoded chunk, then every generated token that was decoded (the last sampled token usually is not). The
 * {@link PromptCache} records them when the generation ends, however it ends.
 *
 * <p>Confined to the model's thread.
 */
public final class HeldTokens {

    private final int[] prompt;
    private int promptDecoded;
    private int[] generated = new int[16];
    private int generatedCount;

    /**
     * @param prompt the prompt (not copied; not modified)
     * @param reused leading prompt tokens already in memory
     */
    public HeldTokens(int[] prompt, int reused) {
        this.prompt = prompt;
        this.promptDecoded = reused;
    }

    /**
     * Records that the prompt is in memory up to a position.
     *
     * @param end exclusive end of the decoded prompt
     */
    public void promptDecoded(int end) {
        promptDecoded = end;
    }

    /**
     * Records that a generated token was decoded (after the whole prompt).
     *
     * @param token the token
     */
    public void generatedDecoded(int token) {
        if (generatedCount == generated.length) {
            generated = Arrays.copyOf(generated, generated.length * 2);
        }
        generated[generatedCount++] = token;
    }

    /** {@return the tokens in memory, in position order (a new array)} */
    public int[] tokens() {
        int[] out = Arrays.copyOf(prompt, promptDecoded + generatedCount);
        System.arraycopy(generated, 0, out, promptDecoded, generatedCount);
        return out;
    }
}
