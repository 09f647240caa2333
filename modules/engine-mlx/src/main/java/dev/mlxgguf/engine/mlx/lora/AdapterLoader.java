package dev.mlxgguf.engine.mlx.lora;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;
import dev.mlxgguf.engine.mlx.model.Linear;
import dev.mlxgguf.engine.mlx.model.LoraDelta;
import dev.mlxgguf.engine.mlx.model.ModelWeights;
import dev.mlxgguf.engine.mlx.safetensors.Tensor;
import dev.mlxgguf.engine.mlx.safetensors.TensorStore;
import dev.mlxgguf.engine.mlx.tensor.DenseMatrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an mlx_lm adapter folder ({@code adapter_config.json} + {@code adapters.safetensors}) to loaded
 * weights: each adapted Linear at path P has {@code P.lora_a [in, rank]}, {@code P.lora_b [rank, out]} and,
 * for DoRA, {@code P.m [out]}. Every tensor must name a Linear of the model inside the adapted blocks
 * (the last {@code num_layers}), with shapes matching that Linear; otherwise the load fails naming the
 * tensor. The adapter's tensors are copied to the heap, so the file is closed afterwards.
 */
public final class AdapterLoader {

    /**
     * What was applied.
     *
     * @param modules adapted modules
     * @param rank    the rank
     * @param scale   the scale
     * @param dora    whether DoRA
     */
    public record Applied(int modules, int rank, float scale, boolean dora) {
    }

    private AdapterLoader() {
    }

    /**
     * @param folder  the adapter folder
     * @param weights the model (adapters are attached to its Linear modules)
     * @return a summary
     * @throws ModelLoadException if the folder is incomplete or does not fit the model
     */
    public static Applied apply(Path folder, ModelWeights weights) {
        Path configFile = folder.resolve("adapter_config.json");
        Path tensors = folder.resolve("adapters.safetensors");
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(tensors)) {
            throw new ModelLoadException("an adapter folder needs adapter_config.json and adapters.safetensors: "
                    + folder.getFileName());
        }
        AdapterConfig config;
        try {
            Metadata json = Metadata.parse(Files.readString(configFile, StandardCharsets.UTF_8));
            config = AdapterConfig.read(json);
        } catch (IOException | MetadataException e) {
            throw new ModelLoadException("adapter_config.json: " + e.getMessage(), e);
        }
        try (TensorStore store = TensorStore.open(List.of(tensors))) {
            Map<String, Map<String, Tensor>> byModule = group(store, weights.spec().prefix());
            int layers = weights.blocks().size();
            int firstAdapted = config.numLayers() < 0 ? 0 : Math.max(0, layers - config.numLayers());
            for (Map.Entry<String, Map<String, Tensor>> e : byModule.entrySet()) {
                Linear target = weights.linears().get(e.getKey());
                if (target == null) {
                    throw new ModelLoadException("adapter tensors " + e.getKey() + ".* target no Linear module of the model");
                }
                int layer = layerOf(e.getKey());
                if (layer >= 0 && layer < firstAdapted) {
                    throw new ModelLoadException("adapter tensors " + e.getKey() + ".* are outside the last "
                            + config.numLayers() + " layers the adapter config names");
                }
                target.attach(delta(target, e.getValue(), config));
            }
            return new Applied(byModule.size(), config.rank(), config.scale(), config.dora());
        }
    }

    private static Map<String, Map<String, Tensor>> group(TensorStore store, String prefix) {
        Map<String, Map<String, Tensor>> out = new HashMap<>();
        for (String name : store.names()) {
            int dot = name.lastIndexOf('.');
            String part = dot < 0 ? "" : name.substring(dot + 1);
            if (!part.equals("lora_a") && !part.equals("lora_b") && !part.equals("m")) {
                throw new ModelLoadException("adapter tensor " + name + " is not a lora_a, lora_b or m tensor");
            }
            String module = name.substring(0, dot);
            if (!prefix.isEmpty() && module.startsWith(prefix)) {
                module = module.substring(prefix.length());
            }
            out.computeIfAbsent(module, k -> new HashMap<>()).put(part, store.require(name));
        }
        return out;
    }

    private static int layerOf(String module) {
        String p = "model.layers.";
        if (!module.startsWith(p)) {
            return -1;
        }
        int end = module.indexOf('.', p.length());
        try {
            return Integer.parseInt(module.substring(p.length(), end));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static LoraDelta delta(Linear target, Map<String, Tensor> parts, AdapterConfig config) {
        Tensor a = parts.get("lora_a");
        Tensor b = parts.get("lora_b");
        if (a == null || b == null) {
            throw new ModelLoadException("adapter for " + target.name() + " needs both lora_a and lora_b");
        }
        if (a.info().rank() != 2 || b.info().rank() != 2) {
            throw new ModelLoadException("adapter tensors of " + target.name() + " must be matrices");
        }
        int rank = (int) a.info().dim(1);
        if (a.info().dim(0) != target.in() || b.info().dim(0) != rank || b.info().dim(1) != target.out()) {
            throw new ModelLoadException("adapter shapes for " + target.name() + " do not match the model: lora_a "
                    + a.info().shape() + ", lora_b " + b.info().shape() + ", but the layer is [out " + target.out()
                    + ", in " + target.in() + "] (expected lora_a [" + target.in() + ", r] and lora_b [r, "
                    + target.out() + "])");
        }
        float[] av = read(a, target.in(), rank);
        float[] bv = read(b, rank, target.out());
        float[] dora = null;
        if (parts.containsKey("m")) {
            Tensor m = parts.get("m");
            if (m.info().rank() != 1 || m.info().dim(0) != target.out()) {
                throw new ModelLoadException("adapter tensor " + m.name() + " must have shape [" + target.out() + "]");
            }
            dora = doraScale(target, av, bv, rank, config.scale(), read(m, 1, target.out()));
        } else if (config.dora()) {
            throw new ModelLoadException("the DoRA adapter has no magnitude tensor for " + target.name());
        }
        return new LoraDelta(av, bv, target.in(), target.out(), rank, config.scale(), dora);
    }

    private static float[] read(Tensor t, int rows, int cols) {
        try {
            float[] out = new float[rows * cols];
            DenseMatrix m = new DenseMatrix(t.data(), t.dtype(), rows, cols);
            for (int r = 0; r < rows; r++) {
                m.rowInto(r, out, r * cols);
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("adapter tensor " + t.name() + " has unsupported dtype " + t.dtype());
        }
    }

    private static float[] doraScale(Linear target, float[] a, float[] b, int rank, float scale, float[] m) {
        int in = target.in();
        int out = target.out();
        float[] row = new float[in];
        float[] result = new float[out];
        for (int o = 0; o < out; o++) {
            target.weight().rowInto(o, row, 0);
            double ss = 0;
            for (int i = 0; i < in; i++) {
                float v = row[i];
                for (int j = 0; j < rank; j++) {
                    v += scale * b[j * out + o] * a[i * rank + j];
                }
                ss += (double) v * v;
            }
            result[o] = (float) (m[o] / Math.sqrt(ss));
        }
        return result;
    }
}
