package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.engine.spi.KvState;

/**
 * What an engine contributes to the shared generation skeleton ({@link Sequence}, {@link Generation}): the
 * forward passes, sampling, token text and end-of-generation tokens of one model. The skeleton owns the rest
 * (prompt cache, prefill chunking and cancellation, stop strings, finish rules, usage and timings).
 *
 * <p>The forward passes leave the logits of the last computed position inside the decoder; the
 * {@link TokenSampler} made for a request reads them. Threading: confined to the model's thread.
 */
public interface Decoder {

    /**
     * The fixed sizes of a loaded model.
     *
     * @param contextLength  the usable context: prompt plus generated tokens never exceed it
     * @param vocabularySize token ids and logit-bias keys are below it
     * @param prefillChunk   the most prompt tokens one {@link #prefill} call may take
     */
    record Limits(int contextLength, int vocabularySize, int prefillChunk) {
    }

    /** {@return the model's fixed sizes} */
    Limits limits();

    /** {@return the model's KV memory, which the prompt cache drives} */
    KvState kvState();

    /**
     * Sets the compute threads for the following forward passes.
     *
     * @param threads at least 1
     */
    void threads(int threads);

    /**
     * Computes prompt positions {@code [from, from + count)}; the positions before {@code from} are in the KV
     * memory.
     *
     * @param tokens     the prompt
     * @param from       first position to compute
     * @param count      positions to compute, at most {@link Limits#prefillChunk()}
     * @param wantLogits whether the logits after the last position are needed (the prompt's last chunk)
     */
    void prefill(int[] tokens, int from, int count, boolean wantLogits);

    /**
     * Computes one generated token at a position and keeps the logits after it.
     *
     * @param token    the token
     * @param position its position
     */
    void decode(int token, int position);

    /**
     * Makes the sampler of one request (logit-bias ids are already checked against the vocabulary).
     *
     * @param request the request (sampling parameters, seed)
     * @param prompt  the prompt tokens (for penalties over recent tokens)
     * @return the sampler, closed by the caller when the generation ends
     */
    TokenSampler sampler(GenerationRequest request, int[] prompt);

    /**
     * The bytes a generated token contributes to the text.
     *
     * @param token   the token
     * @param leading whether it is the generation's first token (SentencePiece decoders strip a leading
     *                space there)
     * @return the bytes (may be empty)
     */
    byte[] piece(int token, boolean leading);

    /**
     * @param token a token
     * @return whether it ends the generation (EOS, EOT and the like)
     */
    boolean endOfGeneration(int token);

    /**
     * @return whether {@link #piece} with {@code leading = true} can differ from the piece inside a text (a
     *         SentencePiece decoder stripping the leading space of the first token)
     */
    default boolean stripsLeadingSpace() {
        return false;
    }
}
