package dev.mlxgguf.engine.whisper.jna;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/**
 * {@code whisper_new_segment_callback}:
 * {@code void (*)(struct whisper_context * ctx, struct whisper_state * state, int n_new, void * user_data)}.
 */
public interface WhisperNewSegmentCallback extends Callback {
    /**
     * @param ctx      the context
     * @param state    the state whose last {@code nNew} segments are new
     * @param nNew     number of new segments
     * @param userData the {@code new_segment_callback_user_data} pointer
     */
    void invoke(Pointer ctx, Pointer state, int nNew, Pointer userData);
}
