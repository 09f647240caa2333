/**
 * The {@code mlx} engine: {@link dev.mlxgguf.engine.mlx.MlxEngineProvider} (the only public type), the text
 * model, generation loop, mlx_lm-order sampling and chat formatting.
 */
package dev.mlxgguf.engine.mlx;
