package dev.mlxgguf.testkit;

/**
 * The architectures testkit writes tiny models for, with their {@code config.json} {@code model_type} and
 * their GGUF {@code general.architecture}.
 */
public enum TinyArch {
    /** Llama (GGUF {@code llama}, Q/K permuted for interleaved RoPE). */
    LLAMA("llama", "llama"),
    /** Mistral (mlx_lm's Llama module; GGUF {@code llama}). */
    MISTRAL("mistral", "llama"),
    /** Qwen2: q/k/v biases. */
    QWEN2("qwen2", "qwen2"),
    /** Qwen3: per-head q/k RMSNorm. */
    QWEN3("qwen3", "qwen3"),
    /** Gemma 2: (1+w) sandwich norms, GELU, soft-capping. */
    GEMMA2("gemma2", "gemma2"),
    /** Gemma 3 (text): Gemma 2 plus (1+w) q/k norms and a sliding window. */
    GEMMA3("gemma3_text", "gemma3"),
    /** Phi-3: fused qkv and gate/up. */
    PHI3("phi3", "phi3");

    private final String modelType;
    private final String ggufArch;

    TinyArch(String modelType, String ggufArch) {
        this.modelType = modelType;
        this.ggufArch = ggufArch;
    }

    /** {@return the {@code model_type} of {@code config.json}} */
    public String modelType() {
        return modelType;
    }

    /** {@return the GGUF {@code general.architecture}} */
    public String ggufArch() {
        return ggufArch;
    }

    /** {@return whether norms are stored as {@code w} and applied as {@code (1 + w)}} */
    public boolean gemma() {
        return this == GEMMA2 || this == GEMMA3;
    }
}
