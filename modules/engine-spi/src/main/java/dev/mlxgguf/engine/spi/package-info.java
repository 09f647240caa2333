/**
 * Engine SPI: {@link dev.mlxgguf.engine.spi.EngineProvider} (the ServiceLoader service), the loaded models
 * ({@link dev.mlxgguf.engine.spi.TextModel}, {@link dev.mlxgguf.engine.spi.SpeechModel}), their sinks and
 * {@link dev.mlxgguf.engine.spi.KvState}. Helpers the project's engines share live in
 * {@code dev.mlxgguf.engine.support}.
 */
package dev.mlxgguf.engine.spi;
