package dev.mlxgguf.engine.spi;

import dev.mlxgguf.api.ModelInfo;

/**
 * A model held by an engine. Closing it releases all native and mapped memory; {@code close} is
 * idempotent and must be called from the thread that used the model last.
 */
public sealed interface LoadedModel extends AutoCloseable permits TextModel, SpeechModel {

    /** {@return facts about the loaded model} */
    ModelInfo info();

    @Override
    void close();
}
