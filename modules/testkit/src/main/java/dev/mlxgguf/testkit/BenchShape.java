package dev.mlxgguf.testkit;

/**
 * The shape of a real model, for benchmarks with random weights (speed does not depend on the values).
 *
 * @param name         a short name, e.g. {@code qwen2.5-0.5b}
 * @param arch         {@code qwen2} or {@code llama}
 * @param layers       blocks
 * @param hidden       hidden size
 * @param heads        attention heads
 * @param kvHeads      key/value heads
 * @param intermediate MLP width
 * @param vocab        vocabulary size
 * @param ropeTheta    RoPE base
 * @param qkvBias      q/k/v biases (Qwen2)
 */
public record BenchShape(String name, String arch, int layers, int hidden, int heads, int kvHeads, int intermediate,
                         int vocab, double ropeTheta, boolean qkvBias) {

    /** Qwen2.5-0.5B: 24 layers, 896 hidden, 14/2 heads, MLP 4864, vocab 151936, tied, q/k/v biases. */
    public static final BenchShape QWEN2_5_0_5B = new BenchShape("qwen2.5-0.5b", "qwen2", 24, 896, 14, 2, 4864, 151936,
            1_000_000, true);
    /** Llama-3.2-1B: 16 layers, 2048 hidden, 32/8 heads, MLP 8192, vocab 128256, tied. */
    public static final BenchShape LLAMA_3_2_1B = new BenchShape("llama-3.2-1b", "llama", 16, 2048, 32, 8, 8192, 128256,
            500_000, false);

    /**
     * @param key {@code qwen} or {@code llama}
     * @return the shape the benchmark tools call by that key
     * @throws IllegalArgumentException for another key
     */
    public static BenchShape byKey(String key) {
        return switch (key.strip()) {
            case "qwen" -> QWEN2_5_0_5B;
            case "llama" -> LLAMA_3_2_1B;
            default -> throw new IllegalArgumentException("unknown shape " + key + " (qwen, llama)");
        };
    }

    /** {@return the head width} */
    public int headDim() {
        return hidden / heads;
    }
}
