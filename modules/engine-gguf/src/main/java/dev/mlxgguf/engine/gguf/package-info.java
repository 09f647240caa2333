/**
 * The {@code gguf} engine: {@link dev.mlxgguf.engine.gguf.GgufEngineProvider} and its llama.cpp wrapper
 * layer (handle classes owning one native pointer each, the generation loop, chat rendering). The raw JNA
 * binding lives in the unexported {@code dev.mlxgguf.engine.gguf.jna} package.
 */
package dev.mlxgguf.engine.gguf;
