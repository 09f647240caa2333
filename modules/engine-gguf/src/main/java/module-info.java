/**
 * The GGUF engine: llama.cpp through JNA. Provides {@link dev.mlxgguf.engine.spi.EngineProvider} named
 * {@code gguf}. Requires native access for {@code com.sun.jna}.
 */
module dev.mlxgguf.engine.gguf {
    requires dev.mlxgguf.engine.support;
    requires dev.mlxgguf.toolcalls; // marker tokens decode as text
    requires dev.mlxgguf.ggml;
    requires com.sun.jna;

    opens dev.mlxgguf.engine.gguf.jna to com.sun.jna;

    provides dev.mlxgguf.engine.spi.EngineProvider with dev.mlxgguf.engine.gguf.GgufEngineProvider;
}
