/**
 * MLX-format model folders on the JVM: safetensors memory-mapped with FFM, MLX quantization computed on the
 * packed weights with the Vector API, Hugging Face tokenizers, mlx_lm sampling and LoRA adapters. Exports
 * nothing; found through ServiceLoader in host processes.
 */
module dev.mlxgguf.engine.mlx {
    requires dev.mlxgguf.engine.support;
    requires dev.mlxgguf.toolcalls; // marker tokens decode as text
    requires dev.mlxgguf.json;
    // Vector API kernels for the matrix-vector and matrix-matrix products.
    requires jdk.incubator.vector;

    provides dev.mlxgguf.engine.spi.EngineProvider with dev.mlxgguf.engine.mlx.MlxEngineProvider;
}
