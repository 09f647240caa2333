package dev.mlxgguf.api;

import java.util.Objects;

/**
 * What an engine reports about a loaded model. Never holds filesystem paths.
 *
 * @param format             {@code gguf} or {@code mlx}
 * @param architecture       e.g. {@code llama}, {@code qwen2}
 * @param contextLength      context size of this load (tokens)
 * @param trainContextLength context size the model was trained for
 * @param quantization       e.g. {@code Q8_0}, {@code F16}, {@code 4-bit}; empty if unknown
 * @param parameterCount     number of parameters
 * @param vocabularySize     number of tokens in the vocabulary
 * @param hasChatTemplate    whether the model carries its own chat template
 */
public record ModelInfo(String format, String architecture, int contextLength, int trainContextLength,
                        String quantization, long parameterCount, int vocabularySize, boolean hasChatTemplate) {

    /** Checks that no component is null. */
    public ModelInfo {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(quantization, "quantization");
    }
}
