/** Model metadata JSON (configs, tokenizer files, safetensors headers) read through JSON-P with typed accessors. */
package dev.mlxgguf.engine.mlx.metadata;
