/**
 * The whisper engine: whisper.cpp through JNA. Provides {@link dev.mlxgguf.engine.spi.EngineProvider} named
 * {@code whisper}. Exports nothing; found through ServiceLoader in host processes. Requires native access for
 * {@code com.sun.jna}.
 */
module dev.mlxgguf.engine.whisper {
    requires dev.mlxgguf.engine.support;
    requires dev.mlxgguf.ggml;
    requires com.sun.jna;

    opens dev.mlxgguf.engine.whisper.jna to com.sun.jna;

    provides dev.mlxgguf.engine.spi.EngineProvider with dev.mlxgguf.engine.whisper.WhisperEngineProvider;
}
