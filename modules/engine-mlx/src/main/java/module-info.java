/** MLX-format model folders on the JVM. Exports nothing; found through ServiceLoader in host processes. */
module dev.mlxgguf.engine.mlx {
    requires dev.mlxgguf.engine.spi;
}
