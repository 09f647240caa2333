package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.ContextLengthExceededException;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.engine.support.cache.PromptCache;
import dev.mlxgguf.grammar.Vocabulary;

import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The generation skeleton of one loaded text model: checks a request against the model, then drives one
 * {@link Sequence} to its end on the calling thread, computing each unit of work with the model's
 * {@link Decoder}. Owns the model's {@link PromptCache}.
 *
 * <p>Confined to the model's thread (one generation at a time).
 */
public final class Generation {

    private final Decoder decoder;
    private final PromptCache cache;
    private final int defaultThreads;
    private Vocabulary vocabulary;

    /**
     * @param decoder        the model's decoder
     * @param defaultThreads compute threads when a request names none
     */
    public Generation(Decoder decoder, int defaultThreads) {
        this.decoder = decoder;
        this.cache = new PromptCache(decoder.kvState());
        this.defaultThreads = defaultThreads;
    }

    /**
     * Generates.
     *
     * @param prompt  the request's prompt as tokens (templated, special tokens and BOS included)
     * @param request the request (sampling, limits, stop strings, threads, cache options)
     * @param sink    where text goes
     * @return the result and the sampled tokens
     * @throws InvalidRequestException        if the prompt is empty (param {@code prompt} or {@code messages}) or a
     *                                        logit-bias id is outside the vocabulary
     * @throws ContextLengthExceededException if the prompt leaves no room in the context
     */
    public Sequence.Outcome run(int[] prompt, GenerationRequest request, TokenSink sink) {
        return run(prompt, request, sink, false);
    }

    /**
     * Generates, with the output constrained when the request says so.
     *
     * @param prompt          the request's prompt as tokens
     * @param request         the request
     * @param sink            where text goes
     * @param reasoningOpen   whether the prompt leaves a reasoning block open (a constraint then starts after it)
     * @return the result and the sampled tokens
     * @throws InvalidRequestException        as {@link #run(int[], GenerationRequest, TokenSink)}, or if the
     *                                        constraint does not compile
     * @throws ContextLengthExceededException if the prompt leaves no room in the context
     */
    public Sequence.Outcome run(int[] prompt, GenerationRequest request, TokenSink sink, boolean reasoningOpen) {
        check(prompt, request);
        ConstrainedOutput output = request.constraint()
                .map(c -> new ConstrainedOutput(c, decoder, vocabulary(), reasoningOpen)).orElse(null);
        decoder.threads(request.threads() > 0 ? request.threads() : defaultThreads);
        Sequence sequence = new Sequence(decoder, cache, prompt, request, sink, output);
        try {
            for (Optional<Sequence.Work> w = sequence.next(); w.isPresent(); w = sequence.next()) {
                compute(w.get());
                sequence.computed(w.get());
            }
        } catch (RuntimeException e) {
            sequence.abort();
            throw e;
        }
        return sequence.outcome().orElseThrow();
    }

    /**
     * Computes a prompt from position 0 with the load-time threads, bypassing the prompt cache (which forgets
     * what it held); the decoder then holds the logits after the prompt. For verification probes.
     *
     * @param tokens at least one token, fewer than the context length
     * @throws IllegalArgumentException if the tokens do not fit
     */
    public void computeFresh(int[] tokens) {
        if (tokens.length == 0 || tokens.length >= decoder.limits().contextLength()) {
            throw new IllegalArgumentException("prompt of " + tokens.length + " tokens for a context of "
                    + decoder.limits().contextLength());
        }
        cache.forget();
        decoder.threads(defaultThreads);
        int chunk = decoder.limits().prefillChunk();
        for (int i = 0; i < tokens.length; i += chunk) {
            int n = Math.min(chunk, tokens.length - i);
            decoder.prefill(tokens, i, n, i + n == tokens.length);
        }
    }

    /** The model's tokens as bytes, built on the first constrained request. */
    private Vocabulary vocabulary() {
        if (vocabulary == null) {
            int n = decoder.limits().vocabularySize();
            byte[][] pieces = new byte[n][];
            int[] ends = IntStream.range(0, n).filter(decoder::endOfGeneration).toArray();
            for (int t = 0; t < n; t++) {
                pieces[t] = decoder.piece(t, false);
            }
            vocabulary = new Vocabulary(pieces, ends);
        }
        return vocabulary;
    }

    private void compute(Sequence.Work work) {
        switch (work) {
            case Sequence.Prefill p -> decoder.prefill(p.tokens(), p.from(), p.count(), p.last());
            case Sequence.Decode d -> decoder.decode(d.token(), d.position());
        }
    }

    private void check(int[] prompt, GenerationRequest request) {
        String param = request.prompt() instanceof Prompt.Chat ? "messages" : "prompt";
        if (prompt.length == 0) {
            throw new InvalidRequestException("the prompt is empty", param);
        }
        if (prompt.length >= decoder.limits().contextLength()) {
            throw ContextLengthExceededException.of(prompt.length, decoder.limits().contextLength(), param);
        }
        for (int id : request.sampling().logitBias().keySet()) {
            if (id < 0 || id >= decoder.limits().vocabularySize()) {
                throw new InvalidRequestException("logit_bias token id " + id + " is outside the vocabulary ("
                        + decoder.limits().vocabularySize() + " tokens)", "logit_bias");
            }
        }
    }
}
