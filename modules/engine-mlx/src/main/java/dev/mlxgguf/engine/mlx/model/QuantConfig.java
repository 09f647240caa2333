package dev.mlxgguf.engine.mlx.model;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code quantization} entry of {@code config.json}: global affine parameters plus per-module overrides
 * (a parameter object, or {@code false} for a module left unquantized). mlx_lm's rule decides each
 * module: an override wins; otherwise the module is quantized iff its {@code scales} tensor exists.
 *
 * @param global    the global parameters, if the model is quantized at all
 * @param overrides module path to its parameters (empty = not quantized)
 */
public record QuantConfig(Optional<Params> global, Map<String, Optional<Params>> overrides) {

    /**
     * Affine quantization parameters.
     *
     * @param bits      2, 3, 4, 5, 6 or 8
     * @param groupSize 32, 64 or 128
     */
    public record Params(int bits, int groupSize) {
        private static final Set<Integer> BITS = Set.of(2, 3, 4, 5, 6, 8);
        private static final Set<Integer> GROUPS = Set.of(32, 64, 128);

        /** Checks the components: a null or out-of-range one throws. */
        public Params {
            if (!BITS.contains(bits)) {
                throw new ModelLoadException("unsupported quantization bits " + bits + " (2, 3, 4, 5, 6 or 8)");
            }
            if (!GROUPS.contains(groupSize)) {
                throw new ModelLoadException("unsupported quantization group_size " + groupSize + " (32, 64 or 128)");
            }
        }
    }

    /** Copies. */
    public QuantConfig {
        overrides = Map.copyOf(overrides);
    }

    /**
     * Reads the entry ({@code quantization}, else {@code quantization_config} when it has MLX keys).
     *
     * @param config the parsed {@code config.json}
     * @return the quantization settings (no global parameters for a float model)
     * @throws ModelLoadException for an unsupported mode or foreign format
     */
    public static QuantConfig read(Metadata config) {
        Optional<Metadata> q = config.object("quantization");
        if (q.isEmpty()) {
            Optional<Metadata> qc = config.object("quantization_config");
            if (qc.isPresent() && qc.get().has("quant_method")) {
                throw new ModelLoadException("quantization_config.quant_method " + qc.get().raw("quant_method")
                        + " is not supported; convert the model with mlx_lm first");
            }
            q = qc;
        }
        if (q.isEmpty()) {
            return new QuantConfig(Optional.empty(), Map.of());
        }
        Metadata root = q.get();
        Params global = params(root, 4, 64);
        Map<String, Optional<Params>> overrides = new HashMap<>();
        for (Map.Entry<String, Object> e : root.asMap().entrySet()) {
            switch (e.getValue()) {
                case Boolean b when !b -> overrides.put(e.getKey(), Optional.empty());
                case Metadata o -> overrides.put(e.getKey(), Optional.of(params(o, global.bits(), global.groupSize())));
                default -> {
                }
            }
        }
        return new QuantConfig(Optional.of(global), overrides);
    }

    private static Params params(Metadata o, int defaultBits, int defaultGroup) {
        String mode = o.string("mode").orElse("affine");
        if (!mode.equals("affine")) {
            throw new ModelLoadException("quantization mode " + mode + " is not supported (affine only)");
        }
        return new Params(o.integer("bits").orElse(defaultBits), o.integer("group_size").orElse(defaultGroup));
    }

    /**
     * Decides a module.
     *
     * @param module    the module path, e.g. {@code model.layers.0.self_attn.q_proj}
     * @param hasScales whether {@code module.scales} exists
     * @return its parameters, or empty when it is stored unquantized
     */
    public Optional<Params> forModule(String module, boolean hasScales) {
        Optional<Params> o = overrides.get(module);
        if (o != null) {
            return o;
        }
        return hasScales ? global : Optional.empty();
    }

    /** {@return e.g. {@code 4-bit} or empty for a float model} */
    public String describe() {
        return global.map(p -> p.bits() + "-bit").orElse("");
    }
}
