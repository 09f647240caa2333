package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.util.List;
import java.util.Set;

/**
 * The typed {@code config.json} of one supported architecture. {@link #read(Metadata)} dispatches on
 * {@code model_type} the way mlx_lm does ({@code mistral} uses the Llama module; {@code gemma3} with a
 * {@code text_config} is the multimodal folder whose text weights sit under {@code language_model.}).
 */
public sealed interface ArchConfig permits LlamaConfig, Qwen2Config, Qwen3Config, Gemma2Config, Gemma3Config, Phi3Config {

    /** The {@code model_type} values this engine serves. */
    Set<String> SUPPORTED = Set.of("llama", "mistral", "qwen2", "qwen3", "gemma2", "gemma3", "gemma3_text", "phi3");

    /** {@return the {@code model_type}} */
    String modelType();

    /** {@return the sizes} */
    BaseShape shape();

    /** {@return the switches and per-layer settings of the forward pass} */
    ForwardSpec forwardSpec();

    /**
     * Reads a config.
     *
     * @param config the parsed {@code config.json}
     * @return the typed config
     * @throws ModelLoadException naming an unsupported {@code model_type}, a {@code model_file} key
     *                            (custom code is never run), or the first malformed key
     */
    static ArchConfig read(Metadata config) {
        try {
            if (config.has("model_file")) {
                throw new ModelLoadException("config.json names a model_file (custom model code); this engine never runs "
                        + "code from a model folder and refuses such models");
            }
            String type = config.string("model_type")
                    .orElseThrow(() -> new ModelLoadException("config.json has no model_type"));
            return switch (type) {
                case "llama", "mistral" -> LlamaConfig.read(type, config);
                case "qwen2" -> Qwen2Config.read(config);
                case "qwen3" -> Qwen3Config.read(config);
                case "gemma2" -> Gemma2Config.read(config);
                case "gemma3", "gemma3_text" -> Gemma3Config.read(type, config);
                case "phi3" -> Phi3Config.read(config);
                default -> throw new ModelLoadException("unsupported model_type \"" + type + "\" (supported: "
                        + String.join(", ", SUPPORTED.stream().sorted().toList()) + ")");
            };
        } catch (MetadataException | IllegalArgumentException e) {
            throw new ModelLoadException("config.json: " + e.getMessage(), e);
        }
    }

    /**
     * One rotary embedding shared by all layers.
     *
     * @param shape  sizes
     * @param rope   the rotation
     * @return per-layer settings with full attention
     */
    static List<LayerSpec> uniformLayers(BaseShape shape, Rope rope) {
        return java.util.Collections.nCopies(shape.layers(), new LayerSpec(0, rope));
    }
}
