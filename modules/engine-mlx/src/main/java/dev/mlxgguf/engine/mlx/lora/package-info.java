/** mlx_lm LoRA and DoRA adapter folders, applied to a loaded model's Linear modules. */
package dev.mlxgguf.engine.mlx.lora;
