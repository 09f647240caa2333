package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.EngineFailureException;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.gguf.jna.LlamaLogitBias;

import com.sun.jna.Pointer;

import java.lang.ref.Reference;
import java.util.Map;

/**
 * Owns one llama.cpp sampler chain ({@code llama_sampler *}), built per request in llama.cpp's common
 * order: logit bias, penalties, then either mirostat (after temperature), greedy (temperature 0), or
 * top-k, typical, top-p, min-p, temperature and the seeded distribution sampler. Neutral settings are left
 * out. {@code llama_sampler_sample} already accepts the token it returns into the chain.
 *
 * <p>Threading: confined to the generating thread. {@link #close()} frees the chain and every sampler in
 * it ({@code llama_sampler_free}) and is idempotent.
 */
final class SamplerChain implements AutoCloseable {

    private static final long MIN_KEEP = 1;
    private static final int MIROSTAT_M = 100;

    private final LlamaLibrary lib;
    private Pointer chain;      // llama_sampler * (a chain), owned; owns the samplers added to it

    private SamplerChain(LlamaLibrary lib, Pointer chain) {
        this.lib = lib;
        this.chain = chain;
    }

    /**
     * Builds the chain.
     *
     * @param lib    the binding
     * @param p      the sampling parameters (logit-bias ids already checked against the vocabulary)
     * @param nVocab vocabulary size
     * @param seed   the 32-bit seed for the random samplers (llama.cpp treats 0xFFFFFFFF as "random")
     * @return the chain, owned by the caller
     * @throws EngineFailureException  if llama.cpp cannot create a sampler
     */
    static SamplerChain build(LlamaLibrary lib, SamplingParams p, int nVocab, int seed) {
        Pointer c = lib.llama_sampler_chain_init(lib.llama_sampler_chain_default_params());
        if (c == null) {
            throw new EngineFailureException("llama_sampler_chain_init failed");
        }
        SamplerChain s = new SamplerChain(lib, c);
        try {
            s.addAll(p, nVocab, seed);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void addAll(SamplingParams p, int nVocab, int seed) {
        if (!p.logitBias().isEmpty()) {
            LlamaLogitBias[] biases = biasArray(p.logitBias());
            add("logit_bias", lib.llama_sampler_init_logit_bias(nVocab, biases.length, biases[0].getPointer()));
            Reference.reachabilityFence(biases);
        }
        boolean penalties = p.repetitionContextSize() > 0 && (p.repetitionPenalty() != 1
                || p.frequencyPenalty() != 0 || p.presencePenalty() != 0);
        if (penalties) {
            add("penalties", lib.llama_sampler_init_penalties(nVocab, p.repetitionContextSize(),
                    (float) p.repetitionPenalty(), (float) p.frequencyPenalty(), (float) p.presencePenalty()));
        }
        float temp = (float) p.temperature();
        if (p.mirostatMode() == 1) {
            add("temp", lib.llama_sampler_init_temp(temp));
            add("mirostat", lib.llama_sampler_init_mirostat(nVocab, seed, (float) p.mirostatTau(),
                    (float) p.mirostatEta(), MIROSTAT_M));
        } else if (p.mirostatMode() == 2) {
            add("temp", lib.llama_sampler_init_temp(temp));
            add("mirostat_v2", lib.llama_sampler_init_mirostat_v2(seed, (float) p.mirostatTau(), (float) p.mirostatEta()));
        } else if (temp == 0) {
            add("greedy", lib.llama_sampler_init_greedy());
        } else {
            if (p.topK() > 0) {
                add("top_k", lib.llama_sampler_init_top_k(p.topK()));
            }
            if (p.typicalP() < 1) {
                add("typical", lib.llama_sampler_init_typical((float) p.typicalP(), MIN_KEEP));
            }
            if (p.topP() < 1) {
                add("top_p", lib.llama_sampler_init_top_p((float) p.topP(), MIN_KEEP));
            }
            if (p.minP() > 0) {
                add("min_p", lib.llama_sampler_init_min_p((float) p.minP(), MIN_KEEP));
            }
            add("temp", lib.llama_sampler_init_temp(temp));
            add("dist", lib.llama_sampler_init_dist(seed));
        }
    }

    /** {@return the number of samplers in the chain} */
    int length() {
        return lib.llama_sampler_chain_n(pointer());
    }

    /**
     * Feeds a token to the stateful samplers (penalties) without sampling, e.g. prompt tokens.
     *
     * @param token a token id
     */
    void accept(int token) {
        lib.llama_sampler_accept(pointer(), token);
    }

    /**
     * Samples from the logits of the last decoded token and accepts the result into the chain.
     *
     * @param context the context whose last decode kept logits
     * @return the token id
     */
    int sample(LlamaContextHandle context) {
        return lib.llama_sampler_sample(pointer(), context.pointer(), -1);
    }

    @Override
    public void close() {
        if (chain != null) {
            lib.llama_sampler_free(chain);
            chain = null;
        }
    }

    private Pointer pointer() {
        if (chain == null) {
            throw new IllegalStateException("sampler chain closed");
        }
        return chain;
    }

    private void add(String what, Pointer sampler) {
        if (sampler == null) {
            throw new EngineFailureException("llama.cpp could not create the " + what + " sampler");
        }
        lib.llama_sampler_chain_add(pointer(), sampler);
    }

    private static LlamaLogitBias[] biasArray(Map<Integer, Double> bias) {
        LlamaLogitBias[] array = (LlamaLogitBias[]) new LlamaLogitBias().toArray(bias.size());
        int i = 0;
        for (Map.Entry<Integer, Double> e : bias.entrySet()) {
            array[i].token = e.getKey();
            array[i].bias = e.getValue().floatValue();
            array[i].write();
            i++;
        }
        return array;
    }
}
