package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.engine.mlx.model.Transformer;
import dev.mlxgguf.engine.mlx.tensor.ComputePool;
import dev.mlxgguf.engine.mlx.tokenizer.Tokenizer;
import dev.mlxgguf.engine.support.TextStream;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.engine.support.cache.HeldTokens;
import dev.mlxgguf.engine.support.cache.PromptCache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one generation: prefills the prompt in chunks after whatever prefix the {@link PromptCache} kept
 * (asking the sink between chunks whether to go on), then processes the logits (bias, penalties), samples,
 * streams and decodes token by token. Text goes through {@link TextStream} (UTF-8 assembly, stop strings,
 * sink pushes). When it ends, however it ends, the prompt cache records which tokens the KV cache holds.
 *
 * <p>Finish rules (the same as the GGUF engine's): an end-of-sequence token ends with {@code STOP} (it
 * counts as a completion token, its text is not emitted); a stop string ends with {@code STOP}; the sink
 * refusing ends with {@code CANCELLED}; reaching {@code maxTokens} or filling the context ends with
 * {@code LENGTH}. SentencePiece decoders strip the leading space of the first generated text, as mlx_lm's
 * streaming detokenizer does. Confined to the model's thread.
 */
final class GenerationLoop {

    /**
     * A finished generation with its tokens.
     *
     * @param result the result reported to callers
     * @param tokens every sampled token, including a final end-of-sequence token
     */
    record Generation(GenerationResult result, List<Integer> tokens) {
    }

    /** Prompt tokens per forward pass during prefill. */
    static final int PREFILL_CHUNK = 512;

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final Set<Integer> eos;
    private final ComputePool pool;
    private final int contextLength;
    private final int defaultThreads;
    private final PromptCache cache;

    GenerationLoop(Transformer model, Tokenizer tokenizer, Set<Integer> eos, ComputePool pool, int contextLength,
                   int defaultThreads) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.eos = Set.copyOf(eos);
        this.pool = pool;
        this.contextLength = contextLength;
        this.defaultThreads = defaultThreads;
        this.cache = new PromptCache(model.kvState());
    }

    /**
     * Prefills a prompt from position 0, bypassing the prompt cache (which then forgets what it held).
     *
     * @param prompt  the tokens (at least one)
     * @param threads threads to use
     * @return the logits after the prompt
     */
    float[] prefill(int[] prompt, int threads) {
        cache.forget();
        return prefill(prompt, 0, threads, null, null);
    }

    /**
     * Prefills a prompt from a position (the tokens before it are in the KV cache already).
     *
     * @param prompt  the tokens
     * @param from    the first position to compute, less than the prompt's length
     * @param threads threads to use
     * @param sink    asked between chunks whether to go on; null = never cancel
     * @param held    told how far the prompt is in the KV cache; null = not tracked
     * @return the logits after the prompt, or null if the sink cancelled
     */
    private float[] prefill(int[] prompt, int from, int threads, TokenSink sink, HeldTokens held) {
        float[] logits = null;
        for (int i = from; i < prompt.length; i += PREFILL_CHUNK) {
            if (sink != null && !sink.keepGoing()) {
                return null;
            }
            int n = Math.min(PREFILL_CHUNK, prompt.length - i);
            logits = model.forward(prompt, i, n, i, i + n == prompt.length, pool, threads);
            if (held != null) {
                held.promptDecoded(i + n);
            }
        }
        return logits;
    }

    /**
     * Decodes one more token.
     *
     * @param token   the token
     * @param pos     its position
     * @param threads threads
     * @return the logits after it
     */
    float[] step(int token, int pos, int threads) {
        return model.forward(new int[] {token}, 0, 1, pos, true, pool, threads);
    }

    /**
     * @param request a request
     * @return the threads it may use: its own count, else the load-time count
     */
    int threadsFor(GenerationRequest request) {
        return request.threads() > 0 ? request.threads() : defaultThreads;
    }

    Generation run(int[] prompt, GenerationRequest request, TokenSink sink) {
        SamplingParams p = request.sampling();
        for (int id : p.logitBias().keySet()) {
            if (id >= model.vocab()) {
                throw new InvalidRequestException("logit_bias token id " + id + " is outside the vocabulary ("
                        + model.vocab() + " tokens)", "logit_bias");
            }
        }
        long seed = p.seed() == null ? ThreadLocalRandom.current().nextLong() : p.seed();
        Sampler sampler = new Sampler(p, seed, model.vocab());
        int threads = threadsFor(request);
        long start = System.nanoTime();
        PromptCache.Plan plan = cache.prepare(prompt, request.cache());
        HeldTokens held = new HeldTokens(prompt, plan.reuse());
        try {
            float[] logits = prefill(prompt, plan.reuse(), threads, sink, held);
            if (logits == null) {
                return finished(FinishReason.CANCELLED, prompt.length, List.of(), System.nanoTime() - start, 0,
                        cache.finish(held.tokens(), prompt.length, request.cache(), plan));
            }
            long promptDone = System.nanoTime();
            int[] history = Arrays.copyOf(prompt, Math.min(contextLength, prompt.length + 64));
            TextStream stream = new TextStream(request.stop(), sink);
            List<Integer> tokens = new ArrayList<>();
            FinishReason reason = loop(new Step(prompt.length, request.maxTokens(), p, threads, held), sampler, logits,
                    history, stream, tokens);
            long generationNanos = System.nanoTime() - promptDone;
            return finished(reason, prompt.length, tokens, promptDone - start, generationNanos,
                    cache.finish(held.tokens(), prompt.length, request.cache(), plan));
        } catch (RuntimeException e) {
            cache.forget();
            throw e;
        }
    }

    private record Step(int promptLength, int maxTokens, SamplingParams p, int threads, HeldTokens held) {
    }

    private FinishReason loop(Step s, Sampler sampler, float[] first, int[] historyIn, TextStream stream,
                              List<Integer> tokens) {
        float[] logits = first;
        int[] history = historyIn;
        int length = s.promptLength();
        boolean stripPending = tokenizer.leadingStrip() > 0;
        while (true) {
            if (limitReached(s, tokens.size())) {
                return stream.finish() ? FinishReason.LENGTH : FinishReason.CANCELLED;
            }
            Penalties.apply(logits, s.p(), history, length);
            int token = sampler.sample(logits);
            tokens.add(token);
            if (length == history.length) {
                history = Arrays.copyOf(history, history.length * 2);
            }
            history[length++] = token;
            if (eos.contains(token)) {
                stream.acceptToken(new byte[0]);
                stream.finish();
                return FinishReason.STOP;
            }
            byte[] piece = tokenizer.piece(token);
            if (stripPending && piece.length > 0) {
                stripPending = false;
                if (piece[0] == ' ') {
                    piece = Arrays.copyOfRange(piece, 1, piece.length);
                }
            }
            switch (stream.acceptToken(piece)) {
                case STOPPED -> {
                    return FinishReason.STOP;
                }
                case CANCELLED -> {
                    return FinishReason.CANCELLED;
                }
                case CONTINUE -> {
                }
            }
            if (limitReached(s, tokens.size())) {
                return stream.finish() ? FinishReason.LENGTH : FinishReason.CANCELLED;
            }
            logits = step(token, s.promptLength() + tokens.size() - 1, s.threads());
            s.held().generatedDecoded(token);
        }
    }

    private boolean limitReached(Step s, int generated) {
        return (s.maxTokens() >= 0 && generated >= s.maxTokens()) || s.promptLength() + generated >= contextLength;
    }

    private static Generation finished(FinishReason reason, int promptTokens, List<Integer> tokens, long promptNanos,
                                       long generationNanos, CacheReport cache) {
        GenerationResult result = new GenerationResult(reason, new Usage(promptTokens, tokens.size(), cache.reusedTokens()),
                promptNanos, generationNanos, cache);
        return new Generation(result, List.copyOf(tokens));
    }
}
