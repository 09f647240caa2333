/**
 * JNA glue shared by the ggml-based engines (llama.cpp, whisper.cpp): the ggml log callback and its bridge to
 * {@link System.Logger}, the backend-registry functions of {@code libggml}, and C-string conversion. Lives in
 * host processes only, like the engines that require it.
 */
module dev.mlxgguf.ggml {
    requires transitive com.sun.jna;
    requires dev.mlxgguf.engine.support;

    exports dev.mlxgguf.ggml;
    // JNA reflects on the callback and library interfaces.
    opens dev.mlxgguf.ggml to com.sun.jna;
}
