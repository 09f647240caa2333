package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.KvCacheType;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The load request as it travels to a host: the engine's load spec plus the engine to use.
 *
 * @param engine        engine name to use, or empty to pick the first provider whose {@code supports} accepts the model
 * @param model         resolved model path
 * @param adapter       resolved adapter path, if any
 * @param contextLength context size, 0 = the model's
 * @param chatFormat    named built-in chat template, if any
 * @param threads       compute threads
 * @param kvCacheType   how the attention cache stores keys and values
 */
public record HostLoadSpec(Optional<String> engine, Path model, Optional<Path> adapter, int contextLength,
                           Optional<String> chatFormat, int threads, KvCacheType kvCacheType) {

    /** Checks that no component is null. */
    public HostLoadSpec {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(chatFormat, "chatFormat");
        Objects.requireNonNull(kvCacheType, "kvCacheType");
    }

    /**
     * A spec with an F16 cache.
     *
     * @param engine        engine name, if fixed
     * @param model         the model
     * @param adapter       the adapter, if any
     * @param contextLength context tokens, 0 = the model's
     * @param chatFormat    a built-in template name, if any
     * @param threads       compute threads
     */
    public HostLoadSpec(Optional<String> engine, Path model, Optional<Path> adapter, int contextLength,
                        Optional<String> chatFormat, int threads) {
        this(engine, model, adapter, contextLength, chatFormat, threads, KvCacheType.F16);
    }
}
