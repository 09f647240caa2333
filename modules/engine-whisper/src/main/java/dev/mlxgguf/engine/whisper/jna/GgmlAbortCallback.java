package dev.mlxgguf.engine.whisper.jna;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/** {@code ggml_abort_callback}: {@code bool (*)(void * data)}; true aborts the computation. */
public interface GgmlAbortCallback extends Callback {
    /**
     * @param userData the {@code abort_callback_user_data} pointer
     * @return 1 to abort, 0 to go on (C {@code bool})
     */
    byte invoke(Pointer userData);
}
