/**
 * Numeric kernels: weight matrices read in place from the mapped model (dense F32/BF16/F16 and MLX affine
 * quantization with fused dequantize-and-dot), the batched float micro-kernel, and the pool of platform
 * threads that splits products by rows.
 */
package dev.mlxgguf.engine.mlx.tensor;
