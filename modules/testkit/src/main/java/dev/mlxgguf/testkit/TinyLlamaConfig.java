package dev.mlxgguf.testkit;

/**
 * Hyperparameters of a tiny llama-architecture model, named as in a Hugging Face {@code config.json}.
 *
 * @param seed              seed of the weight generator
 * @param vocabSize         tokens (must equal the tokenizer's size)
 * @param hiddenSize        embedding width
 * @param layers            transformer blocks
 * @param heads             attention heads
 * @param kvHeads           key/value heads (grouped-query attention when fewer than {@code heads})
 * @param intermediateSize  MLP width
 * @param contextLength     trained context length ({@code max_position_embeddings})
 * @param rmsNormEps        RMSNorm epsilon
 * @param ropeTheta         RoPE base frequency
 * @param tieEmbeddings     whether the output projection reuses the token embedding (no {@code lm_head})
 */
public record TinyLlamaConfig(long seed, int vocabSize, int hiddenSize, int layers, int heads, int kvHeads,
                              int intermediateSize, int contextLength, float rmsNormEps, float ropeTheta,
                              boolean tieEmbeddings) {

    /** Validates the shape. */
    public TinyLlamaConfig {
        if (vocabSize < 1 || hiddenSize < 1 || layers < 1 || heads < 1 || kvHeads < 1 || intermediateSize < 1
                || contextLength < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (hiddenSize % heads != 0 || heads % kvHeads != 0 || (hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("hiddenSize/heads must be even and heads a multiple of kvHeads");
        }
        if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
            throw new IllegalArgumentException("rmsNormEps and ropeTheta must be > 0");
        }
    }

    /**
     * The standard tiny model: hidden 64, 2 layers, 4 heads, 2 KV heads, MLP 128, context 2048, eps 1e-5,
     * theta 10000, untied, with the vocabulary of {@link ByteLevelBpe#standard()}.
     *
     * @param seed weight seed
     * @return the configuration
     */
    public static TinyLlamaConfig standard(long seed) {
        return new TinyLlamaConfig(seed, ByteLevelBpe.standard().size(), 64, 2, 4, 2, 128, 2048, 1e-5f, 10000f, false);
    }

    /** {@return the width of one attention head} */
    public int headDim() {
        return hiddenSize / heads;
    }

    /**
     * @param value the seed
     * @return a copy with another seed
     */
    public TinyLlamaConfig withSeed(long value) {
        return new TinyLlamaConfig(value, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize,
                contextLength, rmsNormEps, ropeTheta, tieEmbeddings);
    }

    /**
     * @param value the trained context length
     * @return a copy with another context length
     */
    public TinyLlamaConfig withContextLength(int value) {
        return new TinyLlamaConfig(seed, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize,
                value, rmsNormEps, ropeTheta, tieEmbeddings);
    }

    /**
     * @param value whether embeddings are tied
     * @return a copy with embeddings tied or not
     */
    public TinyLlamaConfig withTiedEmbeddings(boolean value) {
        return new TinyLlamaConfig(seed, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize,
                contextLength, rmsNormEps, ropeTheta, value);
    }
}
