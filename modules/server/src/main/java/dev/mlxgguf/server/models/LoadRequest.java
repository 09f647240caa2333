package dev.mlxgguf.server.models;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated model load request.
 *
 * @param modelName     name of the model in the models folder
 * @param adapterName   LoRA adapter name in the adapters folder, if any
 * @param chatFormat    named built-in chat template, if any
 * @param contextLength context size, 0 = the model's
 * @param defaults      per-model generation defaults (request field name to plain JSON value), merged
 *                      under each request's own values
 * @param autoUnload    whether the memory budget may unload this model when idle
 * @param priority      eviction priority (lower goes first)
 */
public record LoadRequest(String modelName, Optional<String> adapterName, Optional<String> chatFormat, int contextLength,
                          Map<String, Object> defaults, boolean autoUnload, int priority) {

    /** Validates and copies. */
    public LoadRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(adapterName, "adapterName");
        Objects.requireNonNull(chatFormat, "chatFormat");
        defaults = Map.copyOf(defaults);
    }

    /**
     * @param tokens the context to load with
     * @return this request with that context
     */
    public LoadRequest withContextLength(int tokens) {
        return new LoadRequest(modelName, adapterName, chatFormat, tokens, defaults, autoUnload, priority);
    }
}
