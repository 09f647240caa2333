package dev.mlxgguf.server.models;

import dev.mlxgguf.api.KvCacheType;

/**
 * What the server reads from a model's own metadata (GGUF header or MLX {@code config.json}) without
 * loading it: enough for the info endpoint and the memory estimate. Unknown values are 0 or "".
 *
 * @param architecture  e.g. {@code llama}, {@code qwen2}
 * @param contextLength trained context length
 * @param layers        transformer blocks
 * @param kvHeads       key/value heads
 * @param headDim       dimension of one head
 */
public record ModelHeader(String architecture, int contextLength, int layers, int kvHeads, int headDim) {

    /** An unknown header. */
    static final ModelHeader UNKNOWN = new ModelHeader("", 0, 0, 0, 0);

    /**
     * Bytes of an F16 KV cache for a context.
     *
     * @param context tokens
     * @return the estimate, 0 if the shape is unknown
     */
    public long kvCacheBytes(int context) {
        return kvCacheBytes(context, KvCacheType.F16);
    }

    /**
     * Bytes of a KV cache of a type for a context.
     *
     * @param context tokens
     * @param type    how keys and values are stored
     * @return the estimate, 0 if the shape is unknown
     */
    public long kvCacheBytes(int context, KvCacheType type) {
        return (long) Math.ceil(2.0 * layers * (double) context * kvHeads * headDim * type.bytesPerValue());
    }
}
