package dev.mlxgguf.engine.spi;

import dev.mlxgguf.api.KvCacheType;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to load into a host process.
 *
 * @param model         the model file (GGUF) or folder (MLX); already resolved inside the models folder
 * @param adapter       a LoRA adapter, already resolved inside the adapters folder, if any
 * @param contextLength context size in tokens; 0 = the model's own
 * @param chatFormat    a named built-in chat template ({@code chatml}, {@code llama3}, ...) that replaces
 *                      the model's own; empty = the model's template
 * @param threads       compute threads for loading and as the default for requests; at least 1
 * @param kvCacheType   how the attention cache stores keys and values; an engine that cannot store it so refuses
 *                      the load with a {@link dev.mlxgguf.api.ModelLoadException}
 */
public record LoadSpec(Path model, Optional<Path> adapter, int contextLength, Optional<String> chatFormat, int threads,
                       KvCacheType kvCacheType) {

    /** Checks the components: a null or out-of-range one throws. */
    public LoadSpec {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(chatFormat, "chatFormat");
        Objects.requireNonNull(kvCacheType, "kvCacheType");
        if (contextLength < 0) {
            throw new IllegalArgumentException("contextLength < 0");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads < 1");
        }
    }

    /**
     * A spec with an F16 cache.
     *
     * @param model         the model
     * @param adapter       the adapter, if any
     * @param contextLength context tokens, 0 = the model's
     * @param chatFormat    a built-in template name, if any
     * @param threads       compute threads
     */
    public LoadSpec(Path model, Optional<Path> adapter, int contextLength, Optional<String> chatFormat, int threads) {
        this(model, adapter, contextLength, chatFormat, threads, KvCacheType.F16);
    }
}
