package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.support.TextStream;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.engine.support.cache.HeldTokens;
import dev.mlxgguf.engine.support.cache.PromptCache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs one generation on a context: lets the {@link PromptCache} keep or load the longest reusable
 * prefix, decodes the rest of the prompt in batches (asking the sink between batches whether to go on),
 * then samples, streams and decodes token by token. Text goes through
 * {@link TextStream} (UTF-8 assembly, stop strings, sink pushes).
 *
 * <p>Finish rules: an end-of-generation token ends with {@code STOP} (it counts as a completion token, its
 * text is not emitted); a stop string ends with {@code STOP}; the sink refusing ends with {@code CANCELLED};
 * reaching {@code maxTokens} or filling the context (prompt plus completion = context length) ends with
 * {@code LENGTH}. Confined to the model's thread.
 */
final class GenerationLoop {

    /**
     * A finished generation with the token ids it produced, for tests and diagnostics.
     *
     * @param result the result reported to callers
     * @param tokens every sampled token, including a final end-of-generation token
     */
    record Generation(GenerationResult result, List<Integer> tokens) {
    }

    /** What the context holds: prompt tokens decoded so far plus generated tokens decoded. */
    private static final byte[] NO_BYTES = new byte[0];

    private final LlamaLibrary lib;
    private final LlamaContextHandle context;
    private final LlamaVocab vocab;
    private final int contextLength;
    private final int defaultThreads;
    private final PromptCache cache;

    /**
     * @param lib            the binding
     * @param context        the context to run on
     * @param vocab          the model's vocabulary
     * @param contextLength  the usable context (prompt plus completion tokens)
     * @param defaultThreads threads when a request names none
     */
    GenerationLoop(LlamaLibrary lib, LlamaContextHandle context, LlamaVocab vocab, int contextLength, int defaultThreads) {
        this.lib = lib;
        this.context = context;
        this.vocab = vocab;
        this.contextLength = contextLength;
        this.defaultThreads = defaultThreads;
        this.cache = new PromptCache(context.kvState());
    }

    /**
     * Generates.
     *
     * @param prompt  the prompt tokens: at least one, fewer than the context length
     * @param request the request (sampling, limits, stop strings, threads)
     * @param sink    where text goes
     * @return the result and the sampled tokens
     */
    Generation run(int[] prompt, GenerationRequest request, TokenSink sink) {
        SamplingParams p = request.sampling();
        int seed = p.seed() == null ? ThreadLocalRandom.current().nextInt() : (int) p.seed().longValue();
        try (SamplerChain chain = SamplerChain.build(lib, p, vocab.size(), seed)) {
            context.setThreads(request.threads() > 0 ? request.threads() : defaultThreads);
            long start = System.nanoTime();
            PromptCache.Plan plan = cache.prepare(prompt, request.cache());
            HeldTokens held = new HeldTokens(prompt, plan.reuse());
            try {
                for (int i = plan.reuse(); i < prompt.length; i += context.batchSize()) {
                    if (!sink.keepGoing()) {
                        return finished(FinishReason.CANCELLED, prompt.length, List.of(), System.nanoTime() - start, 0,
                                cache.finish(held.tokens(), prompt.length, request.cache(), plan));
                    }
                    int n = Math.min(context.batchSize(), prompt.length - i);
                    context.decode(prompt, i, n);
                    held.promptDecoded(i + n);
                }
                long promptDone = System.nanoTime();
                for (int i = Math.max(0, prompt.length - p.repetitionContextSize()); i < prompt.length; i++) {
                    chain.accept(prompt[i]);
                }
                List<Integer> tokens = new ArrayList<>();
                FinishReason reason = loop(chain, prompt.length, request.maxTokens(), new TextStream(request.stop(), sink),
                        tokens, held);
                long generationNanos = System.nanoTime() - promptDone;
                return finished(reason, prompt.length, tokens, promptDone - start, generationNanos,
                        cache.finish(held.tokens(), prompt.length, request.cache(), plan));
            } catch (RuntimeException e) {
                cache.forget();
                throw e;
            }
        }
    }

    /** Clears the KV memory and the prompt cache's record of it (before a decode that bypasses the cache). */
    void forgetCache() {
        cache.forget();
    }

    private FinishReason loop(SamplerChain chain, int promptLength, int maxTokens, TextStream stream, List<Integer> tokens,
                              HeldTokens held) {
        int[] one = new int[1];
        while (true) {
            if (limitReached(promptLength, maxTokens, tokens.size())) {
                return stream.finish() ? FinishReason.LENGTH : FinishReason.CANCELLED;
            }
            int token = chain.sample(context);
            tokens.add(token);
            if (vocab.isEndOfGeneration(token)) {
                stream.acceptToken(NO_BYTES);
                stream.finish();
                return FinishReason.STOP;
            }
            switch (stream.acceptToken(vocab.piece(token))) {
                case STOPPED -> {
                    return FinishReason.STOP;
                }
                case CANCELLED -> {
                    return FinishReason.CANCELLED;
                }
                case CONTINUE -> {
                }
            }
            if (limitReached(promptLength, maxTokens, tokens.size())) {
                return stream.finish() ? FinishReason.LENGTH : FinishReason.CANCELLED;
            }
            one[0] = token;
            context.decode(one, 0, 1);
            held.generatedDecoded(token);
        }
    }

    private boolean limitReached(int promptLength, int maxTokens, int generated) {
        return (maxTokens >= 0 && generated >= maxTokens) || promptLength + generated >= contextLength;
    }

    private static Generation finished(FinishReason reason, int promptTokens, List<Integer> tokens,
                                       long promptNanos, long generationNanos, CacheReport cache) {
        GenerationResult result = new GenerationResult(reason, new Usage(promptTokens, tokens.size(), cache.reusedTokens()),
                promptNanos, generationNanos, cache);
        return new Generation(result, List.copyOf(tokens));
    }
}
