package dev.mlxgguf.ggml;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;

/** {@code ggml_log_callback}: {@code void (*)(enum ggml_log_level level, const char * text, void * user_data)}. */
public interface GgmlLogCallback extends Callback {
    /**
     * @param level     1 debug, 2 info, 3 warn, 4 error, 5 continuation of the previous message
     * @param text      NUL-terminated UTF-8, usually ending in a newline
     * @param userData  the pointer given to {@code llama_log_set} or {@code whisper_log_set}
     */
    void invoke(int level, Pointer text, Pointer userData);
}
