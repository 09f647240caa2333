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
 * @param toolCallFormat     the tool-call format the chat template shows ({@code hermes}, {@code llama3}, ...;
 *                           {@code generic} when it shows none)
 * @param reasoningFormat    the reasoning markers the chat template uses ({@code think}, {@code command_r},
 *                           {@code none})
 */
public record ModelInfo(String format, String architecture, int contextLength, int trainContextLength,
                        String quantization, long parameterCount, int vocabularySize, boolean hasChatTemplate,
                        String toolCallFormat, String reasoningFormat) {

    /** Checks that no component is null. */
    public ModelInfo {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(quantization, "quantization");
        Objects.requireNonNull(toolCallFormat, "toolCallFormat");
        Objects.requireNonNull(reasoningFormat, "reasoningFormat");
    }

    /**
     * A model whose chat formats are not known yet ({@code generic}, {@code none}).
     *
     * @param format             {@code gguf} or {@code mlx}
     * @param architecture       the architecture
     * @param contextLength      context size of this load
     * @param trainContextLength trained context size
     * @param quantization       the quantization, or empty
     * @param parameterCount     number of parameters
     * @param vocabularySize     number of tokens
     * @param hasChatTemplate    whether the model carries its own chat template
     */
    public ModelInfo(String format, String architecture, int contextLength, int trainContextLength, String quantization,
                     long parameterCount, int vocabularySize, boolean hasChatTemplate) {
        this(format, architecture, contextLength, trainContextLength, quantization, parameterCount, vocabularySize,
                hasChatTemplate, "generic", "none");
    }

    /**
     * @param tools     the tool-call format
     * @param reasoning the reasoning format
     * @return this info with the chat formats
     */
    public ModelInfo withChatFormats(String tools, String reasoning) {
        return new ModelInfo(format, architecture, contextLength, trainContextLength, quantization, parameterCount,
                vocabularySize, hasChatTemplate, tools, reasoning);
    }
}
