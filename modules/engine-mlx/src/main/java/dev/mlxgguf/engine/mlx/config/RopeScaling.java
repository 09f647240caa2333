package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.util.List;

/**
 * A {@code rope_scaling} (or {@code rope_parameters}) entry of {@code config.json}, typed. The types mlx_lm
 * implements for the supported families; anything else is refused at load.
 */
public sealed interface RopeScaling {

    /** No scaling ({@code default}, absent, or {@code mrope} treated as plain RoPE). */
    record None() implements RopeScaling {
    }

    /**
     * Positions divided by {@code factor}.
     *
     * @param factor the scaling factor
     */
    record Linear(double factor) implements RopeScaling {
    }

    /**
     * Llama 3 frequency-band scaling.
     *
     * @param factor         long-wavelength factor
     * @param lowFreqFactor  low frequency factor (default 1)
     * @param highFreqFactor high frequency factor (default 4)
     * @param originalMaxPos original context (default 8192)
     */
    record Llama3(double factor, double lowFreqFactor, double highFreqFactor, double originalMaxPos) implements RopeScaling {
    }

    /**
     * YaRN.
     *
     * @param factor         scaling factor
     * @param originalMaxPos original context (default 4096)
     * @param betaFast       default 32
     * @param betaSlow       default 1
     * @param mscale         default 1
     * @param mscaleAllDim   default 0
     */
    record Yarn(double factor, double originalMaxPos, double betaFast, double betaSlow, double mscale,
                double mscaleAllDim) implements RopeScaling {
    }

    /**
     * Phi-3 LongRoPE ("su"); mlx_lm always uses the long factors.
     *
     * @param longFactor     per-pair period multipliers
     * @param shortFactor    per-pair multipliers (kept for reference; not used, as in mlx_lm)
     * @param originalMaxPos {@code original_max_position_embeddings}
     */
    record LongRope(List<Double> longFactor, List<Double> shortFactor, double originalMaxPos) implements RopeScaling {
        /** Copies. */
        public LongRope {
            longFactor = List.copyOf(longFactor);
            shortFactor = List.copyOf(shortFactor);
        }
    }

    /**
     * Reads the scaling entry.
     *
     * @param config         the (text) config
     * @param maxPositions   {@code max_position_embeddings}, the default original context for longrope
     * @return the scaling
     * @throws MetadataException for an unsupported or malformed entry
     */
    static RopeScaling read(Metadata config, int maxPositions) {
        Metadata s = config.object("rope_scaling").or(() -> config.object("rope_parameters")).orElse(null);
        if (s == null) {
            return new None();
        }
        String type = s.string("type").or(() -> s.string("rope_type")).orElse("default");
        return switch (type) {
            case "default", "mrope" -> new None();
            case "linear" -> new Linear(s.number("factor")
                    .orElseThrow(() -> new MetadataException("rope_scaling.factor is missing")));
            case "llama3" -> new Llama3(s.number("factor").orElse(8.0), s.number("low_freq_factor").orElse(1.0),
                    s.number("high_freq_factor").orElse(4.0), s.number("original_max_position_embeddings").orElse(8192));
            case "yarn" -> new Yarn(s.number("factor").orElse(1.0), s.number("original_max_position_embeddings").orElse(4096),
                    s.number("beta_fast").orElse(32), s.number("beta_slow").orElse(1), s.number("mscale").orElse(1),
                    s.number("mscale_all_dim").orElse(0));
            case "longrope", "su" -> new LongRope(numbers(s, "long_factor"), numbers(s, "short_factor"),
                    s.number("original_max_position_embeddings")
                            .orElse(config.number("original_max_position_embeddings").orElse(maxPositions)));
            default -> throw new MetadataException("rope_scaling type \"" + type + "\" is not supported");
        };
    }

    private static List<Double> numbers(Metadata s, String key) {
        return s.requireArray(key).stream().map(v -> {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            throw new MetadataException("rope_scaling." + key + " must hold numbers");
        }).toList();
    }
}
