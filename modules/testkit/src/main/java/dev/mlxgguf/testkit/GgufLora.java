package dev.mlxgguf.testkit;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link AdapterFolder}'s LoRA weights as a llama.cpp LoRA adapter file, converted the way
 * {@code convert_lora_to_gguf.py} converts a PEFT adapter: {@code general.type = adapter},
 * {@code adapter.type = lora}, {@code adapter.lora.alpha = scale * rank} (llama.cpp multiplies by
 * alpha / rank), and per module {@code <ggml name>.lora_a} with {@code ne = [in, rank]} holding {@code A^T}
 * and {@code <ggml name>.lora_b} with {@code ne = [rank, out]} holding {@code B^T}. Both engines then compute
 * {@code W x + scale * B^T A^T x}.
 *
 * <p>Supported: the separate q/k/v/o and gate/up/down projections; q/k only for families whose GGUF rows
 * are not permuted (not llama/mistral). DoRA has no llama.cpp form.
 *
 * @param adapter the adapter
 * @param arch    the base model's family
 */
public record GgufLora(AdapterFolder adapter, TinyArch arch) {

    private static final Map<String, String> NAMES = Map.of("self_attn.q_proj", "attn_q", "self_attn.k_proj", "attn_k",
            "self_attn.v_proj", "attn_v", "self_attn.o_proj", "attn_output", "mlp.gate_proj", "ffn_gate",
            "mlp.up_proj", "ffn_up", "mlp.down_proj", "ffn_down");

    /** Checks the components: a null or out-of-range one throws. */
    public GgufLora {
        Objects.requireNonNull(adapter, "adapter");
        Objects.requireNonNull(arch, "arch");
        if (adapter.dora()) {
            throw new IllegalArgumentException("DoRA adapters have no llama.cpp form");
        }
    }

    /**
     * Writes the file.
     *
     * @param file where
     * @return {@code file}
     */
    public Path writeTo(Path file) {
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", arch.ggufArch())
                .putString("general.type", "adapter")
                .putString("general.name", "tiny-lora")
                .putString("adapter.type", "lora")
                .putFloat32("adapter.lora.alpha", adapter.scale() * adapter.rank());
        int r = adapter.rank();
        adapter.modules().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = ggmlName(e.getKey());
            AdapterFolder.Lora l = e.getValue();
            w.addTensor(name + ".weight.lora_a", GgmlType.F32, transpose(l.a(), l.in(), r), l.in(), r);
            w.addTensor(name + ".weight.lora_b", GgmlType.F32, transpose(l.b(), r, l.out()), r, l.out());
        });
        return w.write(file);
    }

    private String ggmlName(String module) {
        String prefix = "model.layers.";
        int dot = module.indexOf('.', prefix.length());
        if (!module.startsWith(prefix) || dot < 0) {
            throw new IllegalArgumentException("not a block module: " + module);
        }
        String layer = module.substring(prefix.length(), dot);
        String rest = module.substring(dot + 1);
        String g = NAMES.get(rest);
        if (g == null) {
            throw new IllegalArgumentException("no GGUF name for " + module);
        }
        boolean permuted = arch == TinyArch.LLAMA || arch == TinyArch.MISTRAL;
        if (permuted && (g.equals("attn_q") || g.equals("attn_k"))) {
            throw new IllegalArgumentException(module + ": q/k rows are permuted in " + arch + " GGUF files");
        }
        return "blk." + layer + "." + g;
    }

    /** {@return the transpose of a row-major {@code rows x cols} matrix} */
    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }
}
