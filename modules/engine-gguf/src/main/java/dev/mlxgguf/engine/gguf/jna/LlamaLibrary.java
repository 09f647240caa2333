package dev.mlxgguf.engine.gguf.jna;

import dev.mlxgguf.ggml.GgmlLogCallback;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The functions used from {@code libllama}, named exactly as in {@code llama.h} (v0.5.0). Raw binding: no
 * logic. Conventions: opaque handles are {@link Pointer}; {@code const char *} inputs are NUL-terminated
 * UTF-8 {@code byte[]}; output buffers are {@code byte[]}/{@code int[]} (copied back by JNA); {@code size_t}
 * is {@code long} (64-bit platforms only); C {@code bool} results are {@code byte} (only the low byte is
 * defined), C {@code bool} arguments are {@code boolean}.
 */
public interface LlamaLibrary extends Library {

    // ---- lifecycle and logging ----

    void llama_log_set(GgmlLogCallback logCallback, Pointer userData);

    void llama_backend_init();

    void llama_backend_free();

    Pointer llama_version();

    // ---- model ----

    LlamaModelParams.ByValue llama_model_default_params();

    Pointer llama_model_load_from_file(byte[] pathModel, LlamaModelParams.ByValue params);

    void llama_model_free(Pointer model);

    Pointer llama_model_get_vocab(Pointer model);

    int llama_model_n_ctx_train(Pointer model);

    long llama_model_n_params(Pointer model);

    int llama_model_ftype(Pointer model);

    int llama_model_meta_val_str(Pointer model, byte[] key, byte[] buf, long bufSize);

    /** @return the template string (owned by the model) or null */
    Pointer llama_model_chat_template(Pointer model, byte[] name);

    // ---- LoRA adapters ----

    /** @return the adapter (owned by the model; freed with it) or null if the file is refused (reason logged) */
    Pointer llama_adapter_lora_init(Pointer model, byte[] pathLora);

    /** @return 0 on success; sets exactly these adapters with these scales on the context */
    int llama_set_adapters_lora(Pointer ctx, Pointer[] adapters, long nAdapters, float[] scales);

    // ---- context ----

    LlamaContextParams.ByValue llama_context_default_params();

    Pointer llama_init_from_model(Pointer model, LlamaContextParams.ByValue params);

    void llama_free(Pointer ctx);

    int llama_n_ctx(Pointer ctx);

    int llama_n_batch(Pointer ctx);

    void llama_set_n_threads(Pointer ctx, int nThreads, int nThreadsBatch);

    Pointer llama_get_memory(Pointer ctx);

    void llama_memory_clear(Pointer mem, boolean data);

    /** @return false if a partial range cannot be removed (C bool: read as byte) */
    byte llama_memory_seq_rm(Pointer mem, int seqId, int p0, int p1);

    // ---- sequence state (prompt cache) ----

    long llama_state_seq_get_size(Pointer ctx, int seqId);

    long llama_state_seq_get_data(Pointer ctx, Pointer dst, long size, int seqId);

    /** @return bytes read, 0 on failure */
    long llama_state_seq_set_data(Pointer ctx, Pointer src, long size, int destSeqId);

    LlamaBatch.ByValue llama_batch_get_one(Pointer tokens, int nTokens);

    int llama_decode(Pointer ctx, LlamaBatch.ByValue batch);

    /** @return the logits ({@code float[n_vocab]}, owned by the context) of output {@code i}; -1 = the last */
    Pointer llama_get_logits_ith(Pointer ctx, int i);

    // ---- vocabulary ----

    int llama_vocab_n_tokens(Pointer vocab);

    byte llama_vocab_is_eog(Pointer vocab, int token);

    byte llama_vocab_get_add_bos(Pointer vocab);

    int llama_vocab_bos(Pointer vocab);

    int llama_vocab_eos(Pointer vocab);

    int llama_tokenize(Pointer vocab, byte[] text, int textLen, int[] tokens, int nTokensMax, boolean addSpecial,
                       boolean parseSpecial);

    int llama_token_to_piece(Pointer vocab, int token, byte[] buf, int length, int lstrip, boolean special);

    int llama_detokenize(Pointer vocab, int[] tokens, int nTokens, byte[] text, int textLenMax,
                         boolean removeSpecial, boolean unparseSpecial);

    // ---- chat templates ----

    int llama_chat_apply_template(byte[] tmpl, Pointer chat, long nMsg, boolean addAss, byte[] buf, int length);

    /** @param output a {@code const char *[len]} to fill, or null with {@code len} 0 @return the number of templates */
    int llama_chat_builtin_templates(Pointer output, long len);

    // ---- sampling ----

    LlamaSamplerChainParams.ByValue llama_sampler_chain_default_params();

    Pointer llama_sampler_chain_init(LlamaSamplerChainParams.ByValue params);

    void llama_sampler_chain_add(Pointer chain, Pointer smpl);

    int llama_sampler_chain_n(Pointer chain);

    void llama_sampler_accept(Pointer smpl, int token);

    int llama_sampler_sample(Pointer smpl, Pointer ctx, int idx);

    void llama_sampler_free(Pointer smpl);

    Pointer llama_sampler_init_greedy();

    /** llama.cpp's own GBNF grammar sampler (measured against the project's matcher in GrammarSamplerBench). */
    Pointer llama_sampler_init_grammar(Pointer vocab, String grammarStr, String grammarRoot);

    Pointer llama_sampler_init_dist(int seed);

    Pointer llama_sampler_init_top_k(int k);

    Pointer llama_sampler_init_top_p(float p, long minKeep);

    Pointer llama_sampler_init_min_p(float p, long minKeep);

    Pointer llama_sampler_init_typical(float p, long minKeep);

    Pointer llama_sampler_init_temp(float t);

    Pointer llama_sampler_init_mirostat(int nVocab, int seed, float tau, float eta, int m);

    Pointer llama_sampler_init_mirostat_v2(int seed, float tau, float eta);

    Pointer llama_sampler_init_penalties(int nVocab, int penaltyLastN, float penaltyRepeat, float penaltyFreq,
                                         float penaltyPresent);

    /** @param logitBias the first of {@code nLogitBias} contiguous {@link LlamaLogitBias} (copied by llama.cpp) */
    Pointer llama_sampler_init_logit_bias(int nVocab, int nLogitBias, Pointer logitBias);
}
