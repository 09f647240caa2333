package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.ggml.CStrings;

import com.sun.jna.Pointer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A llama.cpp LoRA adapter (a GGUF file with {@code general.type = adapter}) loaded for one model and applied
 * to its context with scale 1 (the file's {@code adapter.lora.alpha} / rank is the effective scale, as
 * llama.cpp computes it).
 *
 * <p>Ownership: the adapter's memory belongs to the model. It is never freed on its own: llama.cpp frees
 * adapters with their model, or the host process ends (one model per process). Confined to the model's
 * thread.
 */
final class LoraAdapter {

    private final Pointer adapter;
    private final String name;

    private LoraAdapter(Pointer adapter, String name) {
        this.adapter = adapter;
        this.name = name;
    }

    /**
     * Loads an adapter for a model.
     *
     * @param lib   the binding
     * @param model the base model
     * @param file  the adapter file
     * @return the adapter
     * @throws ModelLoadException if it is not a GGUF LoRA file for this model (llama.cpp's reason is logged)
     */
    static LoraAdapter load(LlamaLibrary lib, LlamaModelHandle model, Path file) {
        String name = String.valueOf(file.getFileName());
        if (!Files.isRegularFile(file) || !name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            throw new ModelLoadException("adapter " + name + " is not a GGUF LoRA file (.gguf); mlx_lm adapter "
                    + "folders apply to MLX-format models");
        }
        Pointer p = lib.llama_adapter_lora_init(model.pointer(), CStrings.utf8z(file.toAbsolutePath().toString()));
        if (p == null) {
            throw new ModelLoadException("llama.cpp refused the LoRA adapter " + name + " for " + model.fileName()
                    + " (another architecture or shapes; see the log)");
        }
        return new LoraAdapter(p, name);
    }

    /**
     * Applies the adapter to a context.
     *
     * @param lib     the binding
     * @param context a context of the adapter's model
     * @throws ModelLoadException if llama.cpp refuses
     */
    void applyTo(LlamaLibrary lib, LlamaContextHandle context) {
        if (lib.llama_set_adapters_lora(context.pointer(), new Pointer[] {adapter}, 1, new float[] {1f}) != 0) {
            throw new ModelLoadException("llama.cpp could not apply the LoRA adapter " + name);
        }
    }

    /** {@return the adapter's file name} */
    String name() {
        return name;
    }
}
