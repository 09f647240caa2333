package dev.mlxgguf.engine.whisper.jna;

import dev.mlxgguf.ggml.GgmlLogCallback;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The functions used from {@code libwhisper} (whisper.cpp 1.7.6 and 1.9.1 export all of them). Names as in
 * {@code whisper.h}. Strings go in as NUL-terminated UTF-8 {@code byte[]} and come out as {@link Pointer}s,
 * whatever JNA's default encoding is. C {@code bool} results are read as {@code byte}.
 */
public interface WhisperLibrary extends Library {

    /** @return the version, e.g. {@code "1.9.1"} (static storage) */
    Pointer whisper_version();

    /** @param callback receives whisper's and ggml's log lines @param userData passed back */
    void whisper_log_set(GgmlLogCallback callback, Pointer userData);

    /** @return the default context parameters */
    WhisperContextParams.ByValue whisper_context_default_params();

    /**
     * @param path   NUL-terminated UTF-8 model path
     * @param params context parameters
     * @return the context, or null on failure
     */
    Pointer whisper_init_from_file_with_params(byte[] path, WhisperContextParams.ByValue params);

    /** @param ctx a context @return a fresh decoding state (KV caches, buffers), or null */
    Pointer whisper_init_state(Pointer ctx);

    /** @param state a state from {@link #whisper_init_state} */
    void whisper_free_state(Pointer state);

    /** @param ctx a context */
    void whisper_free(Pointer ctx);

    /** @param strategy 0 greedy, 1 beam search @return heap-allocated defaults; free with {@link #whisper_free_params} */
    Pointer whisper_full_default_params_by_ref(int strategy);

    /** @param params from {@link #whisper_full_default_params_by_ref} */
    void whisper_free_params(Pointer params);

    /**
     * Runs the whole pipeline (mel, encoder, decoder) on one state.
     *
     * @param ctx       the context
     * @param state     the state that receives the results
     * @param params    parameters, by value; its layout must match the library version
     * @param samples   mono 16 kHz float PCM
     * @param nSamples  number of samples
     * @return 0 on success
     */
    int whisper_full_with_state(Pointer ctx, Pointer state, WhisperFullParams.ByValue params, float[] samples,
                                int nSamples);

    /** @param state a state @return number of segments */
    int whisper_full_n_segments_from_state(Pointer state);

    /** @param state a state @return the language id the transcription used */
    int whisper_full_lang_id_from_state(Pointer state);

    /** @param state a state @param segment index @return start, in 10 ms units */
    long whisper_full_get_segment_t0_from_state(Pointer state, int segment);

    /** @param state a state @param segment index @return end, in 10 ms units */
    long whisper_full_get_segment_t1_from_state(Pointer state, int segment);

    /** @param state a state @param segment index @return the UTF-8 text (owned by the state) */
    Pointer whisper_full_get_segment_text_from_state(Pointer state, int segment);

    /** @param state a state @param segment index @return tokens in the segment */
    int whisper_full_n_tokens_from_state(Pointer state, int segment);

    /** @param state a state @param segment index @param token index @return the token's data */
    WhisperTokenData.ByValue whisper_full_get_token_data_from_state(Pointer state, int segment, int token);

    /** @param state a state @param segment index @return the no-speech probability of its window */
    float whisper_full_get_segment_no_speech_prob_from_state(Pointer state, int segment);

    /** @param ctx a context @param token id @return the token's bytes, NUL-terminated */
    Pointer whisper_token_to_str(Pointer ctx, int token);

    /** @param ctx a context @return the end-of-text token id (text tokens are below it) */
    int whisper_token_eot(Pointer ctx);

    /** @param lang NUL-terminated short code, e.g. {@code "en"} @return its id, or -1 if unknown */
    int whisper_lang_id(byte[] lang);

    /** @param id language id @return short code, e.g. {@code "en"} */
    Pointer whisper_lang_str(int id);

    /** @param id language id @return English name, e.g. {@code "english"} */
    Pointer whisper_lang_str_full(int id);

    /** @param ctx a context @return 1 if the model is multilingual */
    int whisper_is_multilingual(Pointer ctx);

    /** @param ctx a context @return decoder positions */
    int whisper_n_text_ctx(Pointer ctx);

    /** @param ctx a context @return vocabulary size */
    int whisper_n_vocab(Pointer ctx);

    /** @param ctx a context @return e.g. {@code "tiny"}, {@code "large"}, {@code "unknown"} */
    Pointer whisper_model_type_readable(Pointer ctx);
}
