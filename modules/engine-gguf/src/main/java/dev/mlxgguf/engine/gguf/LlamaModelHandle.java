package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.gguf.jna.LlamaModelParams;
import dev.mlxgguf.ggml.CStrings;

import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Owns one {@code llama_model *}. The model owns its vocabulary ({@link #vocab()} is valid until
 * {@link #close()}). Contexts created from it must be closed first.
 *
 * <p>Threading: confined to the thread that serves the model (the host's platform thread); not
 * thread-safe. {@link #close()} frees the model ({@code llama_model_free}) and is idempotent.
 */
final class LlamaModelHandle implements AutoCloseable {

    private final LlamaLibrary lib;
    private final String fileName;
    private Pointer model;      // llama_model *, owned
    private final LlamaVocab vocab;

    private LlamaModelHandle(LlamaLibrary lib, String fileName, Pointer model) {
        this.lib = lib;
        this.fileName = fileName;
        this.model = model;
        this.vocab = new LlamaVocab(lib, lib.llama_model_get_vocab(model));
    }

    /**
     * Loads a GGUF file with the default model parameters (all layers offloaded on GPU builds).
     *
     * @param lib  the binding
     * @param file the model file
     * @return the handle, owned by the caller
     * @throws ModelLoadException naming only the file name if llama.cpp refuses the file
     */
    static LlamaModelHandle load(LlamaLibrary lib, Path file) {
        LlamaModelParams.ByValue params = lib.llama_model_default_params();
        String name = String.valueOf(file.getFileName());
        Pointer p = lib.llama_model_load_from_file(CStrings.utf8z(file.toAbsolutePath().toString()), params);
        if (p == null) {
            throw new ModelLoadException("llama.cpp could not load the model file " + name
                    + " (not a valid GGUF model, truncated, or an unsupported architecture)");
        }
        return new LlamaModelHandle(lib, name, p);
    }

    /** {@return the native pointer} @throws IllegalStateException if closed */
    Pointer pointer() {
        if (model == null) {
            throw new IllegalStateException("model closed");
        }
        return model;
    }

    /** {@return the file name (never a path), for messages} */
    String fileName() {
        return fileName;
    }

    /** {@return the vocabulary, borrowed from the model} */
    LlamaVocab vocab() {
        return vocab;
    }

    /** {@return the context length the model was trained with} */
    int trainContextLength() {
        return lib.llama_model_n_ctx_train(pointer());
    }

    /** {@return the number of parameters} */
    long parameterCount() {
        return lib.llama_model_n_params(pointer());
    }

    /** {@return {@code llama_model_ftype}, possibly with the "guessed" flag 1024} */
    int fileType() {
        return lib.llama_model_ftype(pointer());
    }

    /**
     * Reads a GGUF metadata value as text.
     *
     * @param key e.g. {@code general.architecture}
     * @return the value, or empty if absent
     */
    Optional<String> meta(String key) {
        byte[] k = CStrings.utf8z(key);
        byte[] buf = new byte[256];
        int n = lib.llama_model_meta_val_str(pointer(), k, buf, buf.length);
        if (n < 0) {
            return Optional.empty();
        }
        if (n >= buf.length) {
            buf = new byte[n + 1];
            n = lib.llama_model_meta_val_str(pointer(), k, buf, buf.length);
        }
        return Optional.of(new String(buf, 0, Math.min(n, buf.length - 1), StandardCharsets.UTF_8));
    }

    /** {@return the model's default chat template ({@code tokenizer.chat_template}), if any} */
    Optional<String> chatTemplate() {
        return Optional.ofNullable(CStrings.read(lib.llama_model_chat_template(pointer(), null)));
    }

    @Override
    public void close() {
        if (model != null) {
            lib.llama_model_free(model);
            model = null;
        }
    }
}
