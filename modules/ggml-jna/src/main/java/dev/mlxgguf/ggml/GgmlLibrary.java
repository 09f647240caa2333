package dev.mlxgguf.ggml;

import com.sun.jna.Library;

/** The functions used from a {@code libggml} (llama.cpp's or whisper.cpp's own copy): the backend registry. Names as in {@code ggml-backend.h}. */
public interface GgmlLibrary extends Library {

    /** @param dirPath NUL-terminated UTF-8 directory holding the {@code libggml-*} backend libraries */
    void ggml_backend_load_all_from_path(byte[] dirPath);

    /** @return number of backend devices registered */
    long ggml_backend_dev_count();
}
