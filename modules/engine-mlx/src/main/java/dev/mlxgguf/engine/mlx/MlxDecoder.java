package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.mlx.model.Transformer;
import dev.mlxgguf.engine.mlx.tensor.ComputePool;
import dev.mlxgguf.engine.mlx.tokenizer.Tokenizer;
import dev.mlxgguf.engine.spi.KvState;
import dev.mlxgguf.engine.support.generation.Decoder;
import dev.mlxgguf.engine.support.generation.TokenSampler;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * engine-mlx's part of the shared generation skeleton: forward passes of the {@link Transformer} on this
 * model's {@link ComputePool}, mlx_lm-style sampling per request ({@link Penalties} over the recent tokens,
 * then {@link Sampler}), token pieces from the tokenizer (SentencePiece decoders strip the leading space of
 * the first generated text, as mlx_lm's streaming detokenizer does) and the folder's EOS ids.
 *
 * <p>Confined to the model's thread; the logits of the last computed position stay in this object.
 */
final class MlxDecoder implements Decoder {

    /** Prompt tokens per forward pass during prefill. */
    static final int PREFILL_CHUNK = 512;

    private final Transformer model;
    private final Tokenizer tokenizer;
    private final Set<Integer> eos;
    private final ComputePool pool;
    private final Limits limits;
    private int threads = 1;
    private float[] logits;

    MlxDecoder(Transformer model, Tokenizer tokenizer, Set<Integer> eos, ComputePool pool, int contextLength) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.eos = Set.copyOf(eos);
        this.pool = pool;
        this.limits = new Limits(contextLength, model.vocab(), PREFILL_CHUNK);
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public KvState kvState() {
        return model.kvState();
    }

    @Override
    public void threads(int threads) {
        this.threads = threads;
    }

    @Override
    public void prefill(int[] tokens, int from, int count, boolean wantLogits) {
        float[] out = model.forward(tokens, from, count, from, wantLogits, pool, threads);
        if (wantLogits) {
            logits = out;
        }
    }

    @Override
    public void decode(int token, int position) {
        logits = model.forward(new int[] {token}, 0, 1, position, true, pool, threads);
    }

    /** {@return the logits after the last computed position (owned by this decoder until the next pass)} */
    float[] logits() {
        return logits;
    }

    @Override
    public TokenSampler sampler(GenerationRequest request, int[] prompt) {
        SamplingParams p = request.sampling();
        long seed = p.seed() == null ? ThreadLocalRandom.current().nextLong() : p.seed();
        Sampler sampler = new Sampler(p, seed, model.vocab());
        return new TokenSampler() {
            private int[] history = Arrays.copyOf(prompt, Math.min(limits.contextLength(), prompt.length + 64));
            private int length = prompt.length;

            @Override
            public int next(long[] allowed) {
                Penalties.apply(logits, p, history, length);
                if (allowed != null) {
                    mask(logits, allowed);
                }
                int token = sampler.sample(logits);
                if (length == history.length) {
                    history = Arrays.copyOf(history, history.length * 2);
                }
                history[length++] = token;
                return token;
            }

            @Override
            public void close() {
                // nothing native
            }
        };
    }

    /** Sets the logits of tokens outside {@code allowed} to negative infinity. */
    static void mask(float[] logits, long[] allowed) {
        for (int t = 0; t < logits.length; t++) {
            if ((allowed[t >>> 6] & (1L << t)) == 0) {
                logits[t] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    @Override
    public boolean stripsLeadingSpace() {
        return tokenizer.leadingStrip() > 0;
    }

    @Override
    public byte[] piece(int token, boolean leading) {
        byte[] piece = tokenizer.piece(token);
        if (leading && tokenizer.leadingStrip() > 0 && piece.length > 0 && piece[0] == ' ') {
            return Arrays.copyOfRange(piece, 1, piece.length);
        }
        return piece;
    }

    @Override
    public boolean endOfGeneration(int token) {
        return eos.contains(token);
    }
}
