/**
 * What the project's engines share and third-party engines may use: the generation skeleton
 * ({@link dev.mlxgguf.engine.support.generation.Generation} over an engine's
 * {@link dev.mlxgguf.engine.support.generation.Decoder}),
 * text streaming with stop strings, the prompt cache, native library finding and the ggml log bridge.
 */
module dev.mlxgguf.engine.support {
    requires transitive dev.mlxgguf.engine.spi;
    requires transitive dev.mlxgguf.template;
    requires dev.mlxgguf.kvstate;
    requires dev.mlxgguf.grammar;
    requires dev.mlxgguf.toolcalls;

    exports dev.mlxgguf.engine.support;
    exports dev.mlxgguf.engine.support.cache;
    exports dev.mlxgguf.engine.support.generation;
}
