package dev.mlxgguf.host.protocol;

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
 */
public record HostLoadSpec(Optional<String> engine, Path model, Optional<Path> adapter, int contextLength,
                           Optional<String> chatFormat, int threads) {

    /** Checks that no component is null. */
    public HostLoadSpec {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(chatFormat, "chatFormat");
    }
}
