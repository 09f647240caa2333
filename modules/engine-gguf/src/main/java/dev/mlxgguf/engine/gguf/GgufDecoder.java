package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.spi.KvState;
import dev.mlxgguf.engine.support.generation.Decoder;
import dev.mlxgguf.engine.support.generation.TokenSampler;

import java.util.concurrent.ThreadLocalRandom;

/**
 * llama.cpp's part of the shared generation skeleton: forward passes on the model's context (sequence 0,
 * batches of the context's batch size), a llama.cpp sampler chain per request (fed with the prompt's last
 * {@code repetition_context_size} tokens for the penalties), token pieces and end-of-generation tokens from
 * the vocabulary.
 *
 * <p>Confined to the model's thread, which must be a platform thread (native calls).
 */
final class GgufDecoder implements Decoder {

    private final LlamaLibrary lib;
    private final LlamaContextHandle context;
    private final LlamaVocab vocab;
    private final Limits limits;
    private final int[] one = new int[1];

    /**
     * @param lib           the binding
     * @param context       the context to run on
     * @param vocab         the model's vocabulary
     * @param contextLength the usable context (prompt plus completion tokens)
     */
    GgufDecoder(LlamaLibrary lib, LlamaContextHandle context, LlamaVocab vocab, int contextLength) {
        this.lib = lib;
        this.context = context;
        this.vocab = vocab;
        this.limits = new Limits(contextLength, vocab.size(), context.batchSize());
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public KvState kvState() {
        return context.kvState();
    }

    @Override
    public void threads(int threads) {
        context.setThreads(threads);
    }

    @Override
    public void prefill(int[] tokens, int from, int count, boolean wantLogits) {
        context.decode(tokens, from, count);
    }

    @Override
    public void decode(int token, int position) {
        one[0] = token;
        context.decode(one, 0, 1);
    }

    @Override
    public TokenSampler sampler(GenerationRequest request, int[] prompt) {
        SamplingParams p = request.sampling();
        int seed = p.seed() == null ? ThreadLocalRandom.current().nextInt() : (int) p.seed().longValue();
        SamplerChain chain = SamplerChain.build(lib, p, vocab.size(), seed);
        for (int i = Math.max(0, prompt.length - p.repetitionContextSize()); i < prompt.length; i++) {
            chain.accept(prompt[i]);
        }
        return new TokenSampler() {
            @Override
            public int next(long[] allowed) {
                if (allowed != null) {
                    context.maskLogits(allowed, limits.vocabularySize());
                }
                return chain.sample(context);
            }

            @Override
            public void close() {
                chain.close();
            }
        };
    }

    @Override
    public byte[] piece(int token, boolean leading) {
        return vocab.piece(token);
    }

    @Override
    public boolean endOfGeneration(int token) {
        return vocab.isEndOfGeneration(token);
    }
}
