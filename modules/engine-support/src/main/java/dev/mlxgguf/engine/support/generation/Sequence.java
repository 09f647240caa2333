package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.engine.support.TextStream;
import dev.mlxgguf.engine.support.cache.HeldTokens;
import dev.mlxgguf.engine.support.cache.PromptCache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One generation as a state machine that a driver advances one unit of work at a time: {@link #next()}
 * says what to compute (a prefill chunk or one generated token), the driver has the {@link Decoder} compute
 * it, then calls {@link #computed(Work)}. {@link Generation} drives one sequence this way; a batching
 * scheduler can drive several, computing their work together, because a sequence never calls the decoder's
 * forward passes itself.
 *
 * <p>Finish rules (every engine): an end-of-generation token ends with {@code STOP} (it counts as a
 * completion token, its text is not emitted); a stop string ends with {@code STOP}; the sink refusing (a push
 * or {@link TokenSink#keepGoing()}, asked between prefill chunks and once per token) ends with
 * {@code CANCELLED}; reaching {@code maxTokens} or filling the context (prompt plus completion = context
 * length) ends with {@code LENGTH}. Under an output constraint each token is sampled from those the grammar
 * allows, and an end-of-generation token only where the text is complete, so {@code STOP} by end token means a
 * whole sentence of the grammar and {@code LENGTH} may leave it unfinished. However it ends, the prompt cache records what the KV memory holds.
 *
 * <p>Confined to the model's thread. After a failure of the decoder the driver calls {@link #abort()}.
 */
public final class Sequence {

    /** A unit of work for the decoder. */
    public sealed interface Work permits Prefill, Decode {
    }

    /**
     * Compute prompt positions {@code [from, from + count)}.
     *
     * @param tokens the prompt
     * @param from   first position
     * @param count  positions
     * @param last   whether this chunk ends the prompt (its logits start the generation)
     */
    public record Prefill(int[] tokens, int from, int count, boolean last) implements Work {
    }

    /**
     * Compute one generated token.
     *
     * @param token    the token
     * @param position its position
     */
    public record Decode(int token, int position) implements Work {
    }

    /**
     * A finished generation with the token ids it produced.
     *
     * @param result the result reported to callers
     * @param tokens every sampled token, including a final end-of-generation token
     */
    public record Outcome(GenerationResult result, List<Integer> tokens) {
    }

    private static final byte[] NO_BYTES = new byte[0];

    private final Decoder decoder;
    private final PromptCache cache;
    private final int[] prompt;
    private final GenerationRequest request;
    private final TokenSink sink;
    private final TextStream stream;
    private final PromptCache.Plan plan;
    private final HeldTokens held;
    private final List<Integer> tokens = new ArrayList<>();
    private final long start = System.nanoTime();
    private long promptDone;
    private int prefilled;
    private final ConstrainedOutput constraint;
    private TokenSampler sampler;
    private Outcome outcome;

    /**
     * Starts a sequence: the prompt cache keeps or loads the longest reusable prefix.
     *
     * @param decoder the model's decoder
     * @param cache   the model's prompt cache
     * @param prompt  the prompt tokens: at least one, fewer than the context length
     * @param request the request
     * @param sink    where text goes
     * @param output  the constraint on the output, or null
     */
    Sequence(Decoder decoder, PromptCache cache, int[] prompt, GenerationRequest request, TokenSink sink,
             ConstrainedOutput output) {
        this.constraint = output;
        this.decoder = decoder;
        this.cache = cache;
        this.prompt = prompt;
        this.request = request;
        this.stream = new TextStream(request.stop(), sink);
        this.plan = cache.prepare(prompt, request.cache());
        this.held = new HeldTokens(prompt, plan.reuse());
        this.prefilled = plan.reuse();
        this.sink = sink;
    }

    /** {@return the finished generation, once {@link #next()} has returned empty} */
    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * Decides the next unit of work: a prefill chunk while the prompt is not in memory, then (sampling from
     * the current logits, streaming the token's text) the decode of the token just sampled.
     *
     * @return the work, or empty when the generation has finished ({@link #outcome()} is then set)
     */
    public Optional<Work> next() {
        if (outcome != null) {
            return Optional.empty();
        }
        if (prefilled < prompt.length) {
            if (!sink.keepGoing()) {
                return finish(FinishReason.CANCELLED);
            }
            int n = Math.min(decoder.limits().prefillChunk(), prompt.length - prefilled);
            return Optional.of(new Prefill(prompt, prefilled, n, prefilled + n == prompt.length));
        }
        if (limitReached()) {
            return finish(stream.finish() ? FinishReason.LENGTH : FinishReason.CANCELLED);
        }
        int token = sampler.next(constraint == null ? null : constraint.allowed());
        tokens.add(token);
        boolean end = decoder.endOfGeneration(token);
        byte[] piece = end ? NO_BYTES : decoder.piece(token, tokens.size() == 1);
        if (constraint != null) {
            constraint.accepted(token, piece);
        }
        if (end) {
            stream.acceptToken(NO_BYTES);
            stream.finish();
            return finish(FinishReason.STOP);
        }
        switch (stream.acceptToken(piece)) {
            case STOPPED -> {
                return finish(FinishReason.STOP);
            }
            case CANCELLED -> {
                return finish(FinishReason.CANCELLED);
            }
            case CONTINUE -> {
            }
        }
        if (limitReached()) {
            return finish(stream.finish() ? FinishReason.LENGTH : FinishReason.CANCELLED);
        }
        return Optional.of(new Decode(token, prompt.length + tokens.size() - 1));
    }

    /**
     * Records that the work last returned by {@link #next()} was computed.
     *
     * @param work that work
     */
    public void computed(Work work) {
        switch (work) {
            case Prefill p -> {
                prefilled = p.from() + p.count();
                held.promptDecoded(prefilled);
                if (p.last()) {
                    promptDone = System.nanoTime();
                    sampler = decoder.sampler(request, prompt);
                }
            }
            case Decode d -> held.generatedDecoded(d.token());
        }
    }

    /** Ends the sequence after a failure: the prompt cache forgets the memory, the sampler is released. */
    public void abort() {
        cache.forget();
        closeSampler();
    }

    private Optional<Work> finish(FinishReason reason) {
        long end = System.nanoTime();
        long promptNanos = (promptDone == 0 ? end : promptDone) - start;
        long generationNanos = promptDone == 0 ? 0 : end - promptDone;
        CacheReport report = cache.finish(held.tokens(), prompt.length, request.cache(), plan);
        GenerationResult result = new GenerationResult(reason,
                new Usage(prompt.length, tokens.size(), report.reusedTokens()), promptNanos, generationNanos, report);
        outcome = new Outcome(result, List.copyOf(tokens));
        closeSampler();
        return Optional.empty();
    }

    private boolean limitReached() {
        int generated = tokens.size();
        return (request.maxTokens() >= 0 && generated >= request.maxTokens())
                || prompt.length + generated >= decoder.limits().contextLength();
    }

    private void closeSampler() {
        if (sampler != null) {
            sampler.close();
            sampler = null;
        }
    }
}
