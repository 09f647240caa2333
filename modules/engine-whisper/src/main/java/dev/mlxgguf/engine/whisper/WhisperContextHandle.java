package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.whisper.jna.WhisperContextParams;
import dev.mlxgguf.engine.whisper.jna.WhisperLibrary;
import dev.mlxgguf.ggml.CStrings;

import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.nio.file.Path;

/**
 * Owns one {@code whisper_context} (the model's weights and vocabulary). Decoding states are made per request
 * from it ({@code whisper_init_state}), so every request starts from the same fresh state (whisper's sampling
 * RNG included): the same input gives the same output.
 *
 * <p>Not thread-safe: used by the host's one model thread. {@link #close()} frees the context; it is idempotent
 * and must not run while a transcription uses the context.
 */
final class WhisperContextHandle implements AutoCloseable {

    private final WhisperLibrary whisper;
    private Pointer ctx;

    private WhisperContextHandle(WhisperLibrary whisper, Pointer ctx) {
        this.whisper = whisper;
        this.ctx = ctx;
    }

    /**
     * Loads a model file. GPU offload (Metal) is used on macOS only; flash attention keeps whisper's default.
     *
     * @param whisper the binding
     * @param model   the model file
     * @return the handle
     * @throws ModelLoadException if whisper.cpp refuses the file
     */
    static WhisperContextHandle open(WhisperLibrary whisper, Path model) {
        WhisperContextParams.ByValue params = whisper.whisper_context_default_params();
        params.use_gpu = (byte) (Platform.isMac() ? 1 : 0);
        Pointer ctx = whisper.whisper_init_from_file_with_params(CStrings.utf8z(model.toString()), params);
        if (ctx == null) {
            throw new ModelLoadException("whisper.cpp could not load " + model.getFileName()
                    + " (not a whisper model, or a damaged one; see the host log)");
        }
        return new WhisperContextHandle(whisper, ctx);
    }

    /** {@return the context pointer} @throws IllegalStateException after {@link #close()} */
    Pointer pointer() {
        if (ctx == null) {
            throw new IllegalStateException("the whisper context is closed");
        }
        return ctx;
    }

    @Override
    public void close() {
        if (ctx != null) {
            whisper.whisper_free(ctx);
            ctx = null;
        }
    }
}
