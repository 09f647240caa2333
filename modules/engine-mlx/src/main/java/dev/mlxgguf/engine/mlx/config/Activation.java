package dev.mlxgguf.engine.mlx.config;

/** The gate activation of a gated MLP: {@code down(act(gate(x)) * up(x))}. */
public enum Activation {
    /** {@code x * sigmoid(x)} (Llama, Qwen, Phi-3). */
    SILU,
    /** The tanh approximation of GELU (Gemma): {@code 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))}. */
    GELU_TANH
}
