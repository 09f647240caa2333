/**
 * The generation skeleton shared by the text engines: {@link dev.mlxgguf.engine.support.generation.Generation}
 * drives a {@link dev.mlxgguf.engine.support.generation.Sequence} (prompt cache, prefill chunks, sampling,
 * streaming, finish rules) over an engine's {@link dev.mlxgguf.engine.support.generation.Decoder}.
 */
package dev.mlxgguf.engine.support.generation;
