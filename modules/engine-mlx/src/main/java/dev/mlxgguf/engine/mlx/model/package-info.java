/**
 * The transformer: weights as views of the mapped tensors grouped into parallel products, LoRA updates,
 * the KV cache, attention and the per-family forward pass.
 */
package dev.mlxgguf.engine.mlx.model;
