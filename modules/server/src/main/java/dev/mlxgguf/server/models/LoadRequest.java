package dev.mlxgguf.server.models;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.toolcalls.ToolCallFormat;

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
 * @param kvCacheType   the load's {@code kv_cache_type}; empty = the server's {@code --kv-cache-type}
 * @param toolCallFormat the load's {@code tool_call_format}; empty = the one the chat template shows
 */
public record LoadRequest(String modelName, Optional<String> adapterName, Optional<String> chatFormat, int contextLength,
                          Map<String, Object> defaults, boolean autoUnload, int priority,
                          Optional<KvCacheType> kvCacheType, Optional<ToolCallFormat> toolCallFormat) {

    /** Validates and copies. */
    public LoadRequest {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(adapterName, "adapterName");
        Objects.requireNonNull(chatFormat, "chatFormat");
        Objects.requireNonNull(kvCacheType, "kvCacheType");
        Objects.requireNonNull(toolCallFormat, "toolCallFormat");
        defaults = Map.copyOf(defaults);
    }

    /**
     * A request whose tool-call format is the chat template's.
     *
     * @param modelName     the model
     * @param adapterName   the adapter, if any
     * @param chatFormat    a built-in template name, if any
     * @param contextLength context tokens, 0 = the model's
     * @param defaults      generation defaults
     * @param autoUnload    whether the budget may unload it
     * @param priority      eviction priority
     * @param kvCacheType   the KV cache type, empty = the server's
     */
    public LoadRequest(String modelName, Optional<String> adapterName, Optional<String> chatFormat, int contextLength,
                       Map<String, Object> defaults, boolean autoUnload, int priority, Optional<KvCacheType> kvCacheType) {
        this(modelName, adapterName, chatFormat, contextLength, defaults, autoUnload, priority, kvCacheType, Optional.empty());
    }

    /**
     * @param tokens the context to load with
     * @return this request with that context
     */
    public LoadRequest withContextLength(int tokens) {
        return new LoadRequest(modelName, adapterName, chatFormat, tokens, defaults, autoUnload, priority, kvCacheType,
                toolCallFormat);
    }

    /**
     * @param type the KV cache type to load with
     * @return this request with that type
     */
    public LoadRequest withKvCacheType(KvCacheType type) {
        return new LoadRequest(modelName, adapterName, chatFormat, contextLength, defaults, autoUnload, priority,
                Optional.of(type), toolCallFormat);
    }

    /** {@return the KV cache type, F16 unless one was chosen} */
    public KvCacheType kvCache() {
        return kvCacheType.orElse(KvCacheType.F16);
    }

    /**
     * A request that leaves the KV cache type to the server.
     *
     * @param modelName     the model
     * @param adapterName   the adapter, if any
     * @param chatFormat    a built-in template name, if any
     * @param contextLength context tokens, 0 = the model's
     * @param defaults      generation defaults
     * @param autoUnload    whether the budget may unload it
     * @param priority      eviction priority
     */
    public LoadRequest(String modelName, Optional<String> adapterName, Optional<String> chatFormat, int contextLength,
                       Map<String, Object> defaults, boolean autoUnload, int priority) {
        this(modelName, adapterName, chatFormat, contextLength, defaults, autoUnload, priority, Optional.empty());
    }
}
