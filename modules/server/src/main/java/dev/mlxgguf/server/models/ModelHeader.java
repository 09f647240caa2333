package dev.mlxgguf.server.models;

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
        return 2L * layers * (long) context * kvHeads * headDim * 2L;
    }
}
