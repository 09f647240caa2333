package dev.mlxgguf.testkit;

import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An mlx_lm LoRA/DoRA adapter folder: {@code adapter_config.json} ({@code fine_tune_type}, {@code num_layers},
 * {@code lora_parameters {rank, scale, dropout, keys}}, or the legacy {@code lora_layers}/{@code use_dora})
 * and {@code adapters.safetensors} with {@code P.lora_a [in, r]}, {@code P.lora_b [r, out]} and, for DoRA,
 * {@code P.m [out]} (F32). {@link #fuse} computes independently what the adapter does to a base model, as
 * {@code mlx_lm.fuse} would: {@code W' = W + scale * B^T A^T}, DoRA rows then rescaled to {@code m / ||W'_row||}.
 *
 * @param numLayers adapted blocks from the end (-1 = all)
 * @param rank      the rank
 * @param scale     the scale
 * @param dora      whether DoRA
 * @param legacy    whether to write the legacy keys ({@code lora_layers}, {@code use_dora})
 * @param modules   module path to its tensors
 */
public record AdapterFolder(int numLayers, int rank, float scale, boolean dora, boolean legacy, Map<String, Lora> modules) {

    /**
     * One adapted module.
     *
     * @param in  input width
     * @param out output width
     * @param a   {@code [in, rank]} row-major
     * @param b   {@code [rank, out]} row-major
     * @param m   DoRA magnitudes {@code [out]}, or null
     */
    public record Lora(int in, int out, float[] a, float[] b, float[] m) {
    }

    /** Copies. */
    public AdapterFolder {
        modules = Map.copyOf(modules);
    }

    /**
     * Random adapter weights (N(0, 0.05) for A and B; for DoRA, m = the base row norms times U(0.8, 1.2)).
     *
     * @param base      the base weights
     * @param paths     module paths to adapt, e.g. {@code model.layers.1.self_attn.q_proj}
     * @param rank      rank
     * @param scale     scale
     * @param dora      DoRA
     * @param seed      seed
     * @return the adapter (num_layers -1)
     */
    public static AdapterFolder random(ArchWeights base, List<String> paths, int rank, float scale, boolean dora, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Map<String, Lora> mods = new LinkedHashMap<>();
        for (String p : paths) {
            WeightTensor w = base.get(p + ".weight");
            int out = w.shape()[0];
            int in = w.shape()[1];
            float[] a = gaussian(rnd, in * rank);
            float[] b = gaussian(rnd, rank * out);
            float[] m = null;
            if (dora) {
                float[] v = w.values();
                m = new float[out];
                for (int o = 0; o < out; o++) {
                    double ss = 0;
                    for (int i = 0; i < in; i++) {
                        ss += (double) v[o * in + i] * v[o * in + i];
                    }
                    m[o] = (float) (Math.sqrt(ss) * (0.8 + 0.4 * rnd.nextDouble()));
                }
            }
            mods.put(p, new Lora(in, out, a, b, m));
        }
        return new AdapterFolder(-1, rank, scale, dora, false, mods);
    }

    private static float[] gaussian(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            double u1 = 1.0 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * 0.05);
        }
        return v;
    }

    /** @param value the layers @return a copy */
    public AdapterFolder withNumLayers(int value) {
        return new AdapterFolder(value, rank, scale, dora, legacy, modules);
    }

    /** @param value write legacy keys @return a copy */
    public AdapterFolder withLegacyKeys(boolean value) {
        return new AdapterFolder(numLayers, rank, scale, dora, value, modules);
    }

    /**
     * The weights a base model has after fusing this adapter into it.
     *
     * @param base the base weights
     * @return fused weights
     */
    public ArchWeights fuse(ArchWeights base) {
        Map<String, float[]> fused = new HashMap<>();
        modules.forEach((p, l) -> {
            float[] w = base.get(p + ".weight").values();
            for (int o = 0; o < l.out(); o++) {
                for (int i = 0; i < l.in(); i++) {
                    double delta = 0;
                    for (int j = 0; j < rank; j++) {
                        delta += (double) l.b()[j * l.out() + o] * l.a()[i * rank + j];
                    }
                    w[o * l.in() + i] += (float) (scale * delta);
                }
                if (l.m() != null) {
                    double ss = 0;
                    for (int i = 0; i < l.in(); i++) {
                        ss += (double) w[o * l.in() + i] * w[o * l.in() + i];
                    }
                    float f = (float) (l.m()[o] / Math.sqrt(ss));
                    for (int i = 0; i < l.in(); i++) {
                        w[o * l.in() + i] *= f;
                    }
                }
            }
            fused.put(p + ".weight", w);
        });
        return base.with(fused);
    }

    /**
     * Writes the folder.
     *
     * @param dir where (created if needed)
     * @return {@code dir}
     */
    public Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            SafetensorsWriter w = new SafetensorsWriter();
            modules.forEach((p, l) -> {
                w.add(p + ".lora_a", SafetensorsWriter.FloatType.F32, l.a(), l.in(), rank);
                w.add(p + ".lora_b", SafetensorsWriter.FloatType.F32, l.b(), rank, l.out());
                if (l.m() != null) {
                    w.add(p + ".m", SafetensorsWriter.FloatType.F32, l.m(), l.out());
                }
            });
            w.write(dir.resolve("adapters.safetensors"));
            Map<String, Object> c = new LinkedHashMap<>();
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("rank", rank);
            params.put("scale", (double) scale);
            params.put("dropout", 0.0);
            List<String> keys = new ArrayList<>();
            for (String p : modules.keySet()) {
                keys.add(p.replaceFirst("^model\\.layers\\.\\d+\\.", ""));
            }
            params.put("keys", keys.stream().distinct().sorted().toList());
            c.put("adapter_path", "adapters");
            c.put("batch_size", 4);
            if (legacy) {
                c.put("lora_layers", numLayers);
                c.put("use_dora", dora);
            } else {
                c.put("fine_tune_type", dora ? "dora" : "lora");
                c.put("num_layers", numLayers);
            }
            c.put("lora_parameters", params);
            c.put("model", "tiny");
            Files.writeString(dir.resolve("adapter_config.json"), Jsonp.write(JsonTrees.toJson(c)), StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
