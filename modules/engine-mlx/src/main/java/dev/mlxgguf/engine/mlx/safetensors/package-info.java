/**
 * Safetensors files: memory-mapped with FFM, fully validated before any tensor is handed out (header
 * bounds, UTF-8 JSON, duplicate keys, contiguous in-bounds offsets, shape-times-dtype sizes, full
 * coverage), single files and sharded folders.
 */
package dev.mlxgguf.engine.mlx.safetensors;
