package dev.mlxgguf.testkit;

import java.util.Objects;

/**
 * A tiny model of one architecture: the shape ({@link TinyLlamaConfig}; its {@code hiddenSize / heads} is
 * ignored in favour of {@link #headDim()}), the family-specific settings, and how weights are drawn.
 *
 * @param arch          the architecture
 * @param shape         sizes, seed, epsilon, RoPE base, tying
 * @param headDim       width of one attention head
 * @param slidingWindow Gemma: {@code sliding_window} (Gemma 3 applies it on local layers); 0 = none
 * @param swaPattern    Gemma 3: {@code sliding_window_pattern} (layer i is global iff i % p == p - 1)
 * @param attnSoftcap   Gemma 2: {@code attn_logit_softcapping}
 * @param finalSoftcap  Gemma 2: {@code final_logit_softcapping}
 * @param llama3Factor  Llama: {@code rope_scaling} of type {@code llama3} with this factor (0 = none)
 * @param bf16Exact     round every weight to bfloat16 precision, so F32 and BF16 files carry equal values
 */
public record TinyArchModel(TinyArch arch, TinyLlamaConfig shape, int headDim, int slidingWindow, int swaPattern,
                            float attnSoftcap, float finalSoftcap, float llama3Factor, boolean bf16Exact) {

    /** Checks the components: a null or out-of-range one throws. */
    public TinyArchModel {
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(shape, "shape");
        if (headDim < 2 || headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim must be even");
        }
    }

    /**
     * The standard tiny model of an architecture: hidden 64, 2 layers, 4 heads of 16, 2 KV heads, MLP 128,
     * context 2048, RoPE base 10000, bfloat16-exact weights; Llama untied with llama3 RoPE scaling (factor
     * 8), Qwen2 tied, Gemma tied with soft caps (2) or a sliding window of 8 with pattern 2 (3), Phi-3 untied.
     *
     * @param arch      the architecture
     * @param seed      weight seed
     * @param vocabSize the tokenizer's size
     * @return the model description
     */
    public static TinyArchModel of(TinyArch arch, long seed, int vocabSize) {
        boolean tied = arch == TinyArch.QWEN2 || arch.gemma();
        float eps = arch.gemma() ? 1e-6f : 1e-5f;
        TinyLlamaConfig shape = new TinyLlamaConfig(seed, vocabSize, 64, 2, 4, 2, 128, 2048, eps, 10000f, tied);
        return switch (arch) {
            case LLAMA -> new TinyArchModel(arch, shape, 16, 0, 0, 0, 0, 8f, true);
            case GEMMA2 -> new TinyArchModel(arch, shape, 16, 4096, 2, 50f, 30f, 0, true);
            case GEMMA3 -> new TinyArchModel(arch, shape, 16, 8, 2, 0, 0, 0, true);
            default -> new TinyArchModel(arch, shape, 16, 0, 0, 0, 0, 0, true);
        };
    }

    /** @param value the shape @return a copy */
    public TinyArchModel withShape(TinyLlamaConfig value) {
        return new TinyArchModel(arch, value, headDim, slidingWindow, swaPattern, attnSoftcap, finalSoftcap, llama3Factor,
                bf16Exact);
    }

    /** {@return the query projection width} */
    public int qDim() {
        return shape.heads() * headDim;
    }

    /** {@return the key/value projection width} */
    public int kvDim() {
        return shape.kvHeads() * headDim;
    }

    /** {@return the weights, in Hugging Face layout} */
    public ArchWeights weights() {
        return ArchWeights.generate(this);
    }
}
