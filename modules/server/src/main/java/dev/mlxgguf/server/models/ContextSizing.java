package dev.mlxgguf.server.models;

import dev.mlxgguf.api.KvCacheType;

/**
 * The context a model is loaded with. A load's own {@code context_length} wins, then a numeric
 * {@code --ctx-size}; otherwise ({@code --ctx-size auto}, the default) the model's trained context, capped so
 * that one sequence's KV cache (F16 keys and values of every layer) fits {@code --kv-budget-gb}, but never
 * below 4,096 tokens (or the model's context, if smaller). A 128k-context model no longer allocates gigabytes
 * of KV cache nobody asked for. Pure.
 *
 * @param configured    {@code --ctx-size} tokens, 0 = auto
 * @param kvBudgetBytes {@code --kv-budget-gb} in bytes
 */
public record ContextSizing(int configured, long kvBudgetBytes) {

    /** The smallest automatic context (unless the model's own is smaller). */
    public static final int MIN_AUTO = 4096;

    /** Checks the components: negative values throw. */
    public ContextSizing {
        if (configured < 0 || kvBudgetBytes < 0) {
            throw new IllegalArgumentException("negative context size or KV budget");
        }
    }

    /**
     * Chooses the context of a load.
     *
     * @param requested the load's {@code context_length}, 0 = not given
     * @param header    the model's header (context, layers, KV heads, head size)
     * @return tokens, or 0 to let the engine use the model's own (when the header tells too little)
     */
    public int choose(int requested, ModelHeader header) {
        return choose(requested, header, KvCacheType.F16);
    }

    /**
     * Chooses the context of a load whose KV cache has a type (a quantized cache fits more tokens in the budget).
     *
     * @param requested the load's {@code context_length}, 0 = not given
     * @param header    the model's header
     * @param type      the KV cache type
     * @return tokens, or 0 to let the engine use the model's own
     */
    public int choose(int requested, ModelHeader header, KvCacheType type) {
        if (requested > 0) {
            return requested;
        }
        if (configured > 0) {
            return configured;
        }
        int trained = header.contextLength();
        long perToken = header.kvCacheBytes(1024, type) / 1024; // per token, without rounding one token up
        if (trained <= 0 || perToken <= 0) {
            return 0;
        }
        long fits = kvBudgetBytes / perToken;
        return (int) Math.min(trained, Math.max(Math.min(MIN_AUTO, trained), fits));
    }
}
