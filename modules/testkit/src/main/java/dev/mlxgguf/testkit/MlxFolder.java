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
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TinyArchModel} as an MLX model folder, laid out as {@code mlx_lm.convert} writes it:
 * {@code config.json} (with {@code quantization} and {@code quantization_config} when quantized),
 * {@code model.safetensors} (or shards {@code model-0000i-of-0000n.safetensors}) with {@code {"format":
 * "mlx"}} metadata, {@code model.safetensors.index.json}, {@code tokenizer.json},
 * {@code tokenizer_config.json} (with the chat template) and {@code generation_config.json}.
 *
 * <p>Quantized folders quantize every matrix (embedding, projections, {@code lm_head}) with
 * {@link MlxQuantizer} (BF16 scales and offsets) unless an override says otherwise: a module path mapped
 * to other parameters, or to empty for "left unquantized" (written as {@code false}).
 *
 * @param model        the model
 * @param vocab        the tokenizer
 * @param dtype        storage type of unquantized tensors
 * @param quant        global quantization, if any
 * @param overrides    per-module quantization overrides (module path to parameters, or empty = unquantized)
 * @param chatTemplate the chat template for {@code tokenizer_config.json}, if any
 * @param layout       header padding of the safetensors files
 * @param shards       number of weight files
 */
public record MlxFolder(TinyArchModel model, TinyVocab vocab, SafetensorsWriter.FloatType dtype, Optional<Quant> quant,
                        Map<String, Optional<Quant>> overrides, Optional<String> chatTemplate,
                        SafetensorsWriter.Layout layout, int shards) {

    /**
     * Affine quantization parameters.
     *
     * @param bits      2, 3, 4, 5, 6 or 8
     * @param groupSize 32, 64 or 128
     */
    public record Quant(int bits, int groupSize) {
    }

    /** Validates and copies. */
    public MlxFolder {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vocab, "vocab");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(quant, "quant");
        overrides = Map.copyOf(overrides);
        if (shards < 1) {
            throw new IllegalArgumentException("shards < 1");
        }
    }

    /**
     * @param model the model
     * @param vocab the tokenizer
     * @param dtype storage type
     * @return an unquantized single-file folder with the ChatML template and MLX's unaligned layout
     */
    public static MlxFolder of(TinyArchModel model, TinyVocab vocab, SafetensorsWriter.FloatType dtype) {
        return new MlxFolder(model, vocab, dtype, Optional.empty(), Map.of(), Optional.of(TinyGguf.CHATML_TEMPLATE),
                SafetensorsWriter.Layout.MLX, 1);
    }

    /** @param bits bits @param groupSize group size @return a quantized copy (BF16 scales) */
    public MlxFolder quantized(int bits, int groupSize) {
        return new MlxFolder(model, vocab, dtype, Optional.of(new Quant(bits, groupSize)), overrides, chatTemplate, layout,
                shards);
    }

    /** @param value per-module overrides @return a copy */
    public MlxFolder withOverrides(Map<String, Optional<Quant>> value) {
        return new MlxFolder(model, vocab, dtype, quant, value, chatTemplate, layout, shards);
    }

    /** @param value shard count @return a copy */
    public MlxFolder withShards(int value) {
        return new MlxFolder(model, vocab, dtype, quant, overrides, chatTemplate, layout, value);
    }

    /** @param value the template, or null @return a copy */
    public MlxFolder withChatTemplate(String value) {
        return new MlxFolder(model, vocab, dtype, quant, overrides, Optional.ofNullable(value), layout, shards);
    }

    /**
     * The float weights the folder's codes stand for: quantized matrices replaced by their dequantized values
     * (what a float copy must hold to compute the same model).
     *
     * @return the weights
     */
    public ArchWeights effectiveWeights() {
        ArchWeights w = model.weights();
        Map<String, float[]> replaced = new HashMap<>();
        for (WeightTensor t : w.tensors()) {
            Optional<Quant> q = quantFor(t);
            q.ifPresent(p -> replaced.put(t.name(), MlxQuantizer.quantize(t.values(), t.shape()[0], t.shape()[1], p.bits(),
                    p.groupSize()).dequantized()));
        }
        return w.with(replaced);
    }

    private Optional<Quant> quantFor(WeightTensor t) {
        if (quant.isEmpty() || t.shape().length != 2 || !t.name().endsWith(".weight")) {
            return Optional.empty();
        }
        String module = t.name().substring(0, t.name().length() - ".weight".length());
        Optional<Quant> q = overrides.containsKey(module) ? overrides.get(module) : quant;
        return q.filter(p -> t.shape()[1] % p.groupSize() == 0);
    }

    /**
     * Writes the folder (created if needed; existing files replaced).
     *
     * @param dir the folder
     * @return {@code dir}
     */
    public Path writeTo(Path dir) {
        return writeTo(dir, model.weights());
    }

    /**
     * Writes the folder with other weights of the same shapes (e.g. {@link #effectiveWeights()} of a
     * quantized folder, or adapter-fused weights).
     *
     * @param dir     the folder
     * @param weights the weights to store
     * @return {@code dir}
     */
    public Path writeTo(Path dir, ArchWeights weights) {
        try {
            Files.createDirectories(dir);
            List<SafetensorsWriter> writers = new ArrayList<>();
            for (int i = 0; i < shards; i++) {
                writers.add(new SafetensorsWriter().layout(layout));
            }
            List<WeightTensor> tensors = weights.tensors();
            for (int i = 0; i < tensors.size(); i++) {
                addTensor(writers.get(i * shards / tensors.size()), tensors.get(i));
            }
            Map<String, String> weightMap = new java.util.TreeMap<>();
            long total = 0;
            for (int i = 0; i < shards; i++) {
                String name = shards == 1 ? "model.safetensors"
                        : String.format("model-%05d-of-%05d.safetensors", i + 1, shards);
                writers.get(i).write(dir.resolve(name));
                total += writers.get(i).dataBytes();
                for (String n : writers.get(i).names()) {
                    weightMap.put(n, name);
                }
            }
            write(dir, "model.safetensors.index.json", Map.of("metadata", Map.of("total_size", total), "weight_map", weightMap));
            write(dir, "config.json", config());
            write(dir, "tokenizer.json", vocab.tokenizerJson());
            write(dir, "tokenizer_config.json", vocab.tokenizerConfig(chatTemplate));
            write(dir, "generation_config.json", Map.of("eos_token_id", vocab.eosId()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void addTensor(SafetensorsWriter w, WeightTensor t) {
        int[] s = t.shape();
        Optional<Quant> q = quantFor(t);
        if (q.isEmpty()) {
            long[] shape = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                shape[i] = s[i];
            }
            w.add(t.name(), dtype, t.values(), shape);
            return;
        }
        Quant p = q.get();
        MlxQuantizer.Quantized qz = MlxQuantizer.quantize(t.values(), s[0], s[1], p.bits(), p.groupSize());
        String module = t.name().substring(0, t.name().length() - ".weight".length());
        w.addRaw(t.name(), "U32", qz.packed(), s[0], (long) s[1] * p.bits() / 32);
        w.add(module + ".scales", SafetensorsWriter.FloatType.BF16, qz.scales(), s[0], s[1] / p.groupSize());
        w.add(module + ".biases", SafetensorsWriter.FloatType.BF16, qz.biases(), s[0], s[1] / p.groupSize());
    }

    /** {@return the {@code config.json} object} */
    public Map<String, Object> config() {
        TinyLlamaConfig c = model.shape();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of(switch (model.arch()) {
            case LLAMA -> "LlamaForCausalLM";
            case MISTRAL -> "MistralForCausalLM";
            case QWEN2 -> "Qwen2ForCausalLM";
            case QWEN3 -> "Qwen3ForCausalLM";
            case GEMMA2 -> "Gemma2ForCausalLM";
            case GEMMA3 -> "Gemma3ForCausalLM";
            case PHI3 -> "Phi3ForCausalLM";
        }));
        m.put("model_type", model.arch().modelType());
        m.put("hidden_size", c.hiddenSize());
        m.put("num_hidden_layers", c.layers());
        m.put("num_attention_heads", c.heads());
        m.put("num_key_value_heads", c.kvHeads());
        m.put("head_dim", model.headDim());
        m.put("intermediate_size", c.intermediateSize());
        m.put("vocab_size", c.vocabSize());
        m.put("rms_norm_eps", (double) c.rmsNormEps());
        m.put("max_position_embeddings", c.contextLength());
        m.put("rope_theta", (double) c.ropeTheta());
        m.put("tie_word_embeddings", c.tieEmbeddings());
        m.put("bos_token_id", vocab.bosId());
        m.put("eos_token_id", vocab.eosId());
        m.put("torch_dtype", dtype == SafetensorsWriter.FloatType.F32 ? "float32"
                : dtype == SafetensorsWriter.FloatType.BF16 ? "bfloat16" : "float16");
        switch (model.arch()) {
            case LLAMA -> {
                if (model.llama3Factor() > 0) {
                    m.put("rope_scaling", Map.of("rope_type", "llama3", "factor", (double) model.llama3Factor(),
                            "low_freq_factor", 1.0, "high_freq_factor", 4.0, "original_max_position_embeddings", 8192));
                }
            }
            case GEMMA2 -> {
                m.put("query_pre_attn_scalar", model.headDim());
                m.put("attn_logit_softcapping", (double) model.attnSoftcap());
                m.put("final_logit_softcapping", (double) model.finalSoftcap());
                m.put("sliding_window", model.slidingWindow());
            }
            case GEMMA3 -> {
                m.put("query_pre_attn_scalar", model.headDim());
                m.put("sliding_window", model.slidingWindow());
                m.put("sliding_window_pattern", model.swaPattern());
                m.put("rope_local_base_freq", (double) c.ropeTheta());
            }
            default -> {
            }
        }
        quant.ifPresent(q -> {
            Map<String, Object> qc = new LinkedHashMap<>();
            qc.put("group_size", q.groupSize());
            qc.put("bits", q.bits());
            qc.put("mode", "affine");
            overrides.forEach((k, v) -> qc.put(k, v.<Object>map(p -> Map.of("group_size", p.groupSize(), "bits", p.bits()))
                    .orElse(Boolean.FALSE)));
            m.put("quantization", qc);
            m.put("quantization_config", qc);
        });
        return m;
    }

    static void write(Path dir, String name, Object json) throws IOException {
        Files.writeString(dir.resolve(name), Jsonp.write(JsonTrees.toJson(json)), StandardCharsets.UTF_8);
    }
}
