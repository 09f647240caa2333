/**
 * Engine SPI: {@link dev.mlxgguf.engine.spi.EngineProvider} (the ServiceLoader service),
 * {@link dev.mlxgguf.engine.spi.TextModel}, {@link dev.mlxgguf.engine.spi.TokenSink}, and the pieces
 * every text engine shares: {@link dev.mlxgguf.engine.spi.StopStringMatcher} and
 * {@link dev.mlxgguf.engine.spi.Utf8StreamDecoder}.
 */
package dev.mlxgguf.engine.spi;
