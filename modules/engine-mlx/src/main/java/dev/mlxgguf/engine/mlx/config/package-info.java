/**
 * {@code config.json} as typed per-architecture records ({@link dev.mlxgguf.engine.mlx.config.ArchConfig}) and
 * the {@link dev.mlxgguf.engine.mlx.config.ForwardSpec} the generic transformer runs, with RoPE variants.
 */
package dev.mlxgguf.engine.mlx.config;
