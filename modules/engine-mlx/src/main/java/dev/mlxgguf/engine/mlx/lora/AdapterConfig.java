package dev.mlxgguf.engine.mlx.lora;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.util.List;
import java.util.Optional;

/**
 * The fields of an mlx_lm {@code adapter_config.json} that loading uses (the rest is training metadata).
 * Accepts the legacy spellings {@code lora_layers} and {@code use_dora}.
 *
 * @param dora      {@code fine_tune_type: dora}
 * @param numLayers adapted blocks counted from the last; -1 = all
 * @param rank      {@code lora_parameters.rank}
 * @param scale     {@code lora_parameters.scale}, applied directly
 * @param keys      {@code lora_parameters.keys}, module paths inside a block, if given
 */
public record AdapterConfig(boolean dora, int numLayers, int rank, float scale, Optional<List<String>> keys) {

    /**
     * @param c the parsed file
     * @return the config
     * @throws ModelLoadException for {@code full} fine-tunes and malformed fields
     */
    public static AdapterConfig read(Metadata c) {
        try {
            String type = c.string("fine_tune_type").orElse(c.bool("use_dora").orElse(false) ? "dora" : "lora");
            if (!type.equals("lora") && !type.equals("dora")) {
                throw new ModelLoadException("adapter_config.json: fine_tune_type " + type + " is not supported (lora, dora)");
            }
            int layers = c.integer("num_layers").orElse(c.integer("lora_layers").orElse(16));
            Metadata lp = c.object("lora_parameters").orElse(null);
            int rank = lp == null ? 8 : lp.integer("rank").orElse(8);
            float scale = lp == null ? 20f : (float) lp.number("scale").orElse(20.0);
            Optional<List<String>> keys = lp == null ? Optional.empty()
                    : lp.array("keys").map(l -> l.stream().map(String::valueOf).toList());
            return new AdapterConfig(type.equals("dora"), layers, rank, scale, keys);
        } catch (MetadataException e) {
            throw new ModelLoadException("adapter_config.json: " + e.getMessage(), e);
        }
    }
}
