package dev.mlxgguf.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TinyArchModel} as a GGUF file llama.cpp loads, converted the way {@code convert_hf_to_gguf.py}
 * converts each family: ggml tensor names, {@code ne} = reversed shape, Q/K rows permuted to the interleaved
 * RoPE layout for {@code llama}/{@code mistral}, Gemma norm weights stored as {@code w + 1}, Phi-3's fused
 * {@code attn_qkv} and {@code ffn_up}, Qwen3/Gemma3 {@code attn_q_norm}/{@code attn_k_norm}, Llama 3 RoPE
 * scaling as the {@code rope_freqs} factors. Norms and biases are F32; other tensors use
 * {@link #weightType()}.
 *
 * @param model        the model
 * @param vocab        the tokenizer
 * @param weightType   storage type of matrices
 * @param chatTemplate {@code tokenizer.chat_template}, if any
 */
public record ArchGguf(TinyArchModel model, TinyVocab vocab, GgmlType weightType, Optional<String> chatTemplate) {

    /** Checks the components: a null or out-of-range one throws. */
    public ArchGguf {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(vocab, "vocab");
        Objects.requireNonNull(weightType, "weightType");
        Objects.requireNonNull(chatTemplate, "chatTemplate");
        if (vocab.size() != model.shape().vocabSize()) {
            throw new IllegalArgumentException("vocab size mismatch");
        }
    }

    /**
     * @param model the model
     * @param vocab the tokenizer
     * @return an F32 file description with the ChatML template
     */
    public static ArchGguf of(TinyArchModel model, TinyVocab vocab) {
        return new ArchGguf(model, vocab, GgmlType.F32, Optional.of(TinyGguf.CHATML_TEMPLATE));
    }

    /**
     * Writes the file.
     *
     * @param file where
     * @return {@code file}
     */
    public Path writeTo(Path file) {
        return toWriter().write(file);
    }

    /** {@return a writer holding the whole file} */
    public GgufWriter toWriter() {
        TinyLlamaConfig c = model.shape();
        String a = model.arch().ggufArch();
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", a)
                .putString("general.name", "tiny")
                .putUInt32("general.file_type", switch (weightType) {
                    case F32 -> 0;
                    case F16 -> 1;
                    case Q4_0 -> 2;
                    case Q8_0 -> 7;
                });
        if (weightType == GgmlType.Q8_0 || weightType == GgmlType.Q4_0) {
            w.putUInt32("general.quantization_version", 2);
        }
        w.putUInt32(a + ".context_length", c.contextLength())
                .putUInt32(a + ".embedding_length", c.hiddenSize())
                .putUInt32(a + ".block_count", c.layers())
                .putUInt32(a + ".feed_forward_length", c.intermediateSize())
                .putUInt32(a + ".attention.head_count", c.heads())
                .putUInt32(a + ".attention.head_count_kv", c.kvHeads())
                .putFloat32(a + ".attention.layer_norm_rms_epsilon", c.rmsNormEps())
                .putUInt32(a + ".attention.key_length", model.headDim())
                .putUInt32(a + ".attention.value_length", model.headDim())
                .putUInt32(a + ".rope.dimension_count", model.headDim())
                .putFloat32(a + ".rope.freq_base", c.ropeTheta())
                .putUInt32(a + ".vocab_size", c.vocabSize());
        switch (model.arch()) {
            case GEMMA2 -> w.putFloat32(a + ".attn_logit_softcapping", model.attnSoftcap())
                    .putFloat32(a + ".final_logit_softcapping", model.finalSoftcap())
                    .putUInt32(a + ".attention.sliding_window", model.slidingWindow());
            case GEMMA3 -> w.putUInt32(a + ".attention.sliding_window", model.slidingWindow())
                    .putUInt32(a + ".attention.sliding_window_pattern", model.swaPattern())
                    .putFloat32(a + ".rope.freq_base_swa", c.ropeTheta());
            default -> {
            }
        }
        vocab.writeGguf(w);
        chatTemplate.ifPresent(t -> w.putString("tokenizer.chat_template", t));
        addTensors(w, model.weights());
        return w;
    }

    private void addTensors(GgufWriter w, ArchWeights weights) {
        TinyLlamaConfig c = model.shape();
        boolean permute = model.arch() == TinyArch.LLAMA || model.arch() == TinyArch.MISTRAL;
        boolean gemma = model.arch().gemma();
        tensor(w, "token_embd.weight", weights.get("model.embed_tokens.weight"), 0, false);
        if (model.llama3Factor() > 0) {
            w.addTensor("rope_freqs.weight", GgmlType.F32, llama3Factors(), model.headDim() / 2);
        }
        for (int i = 0; i < c.layers(); i++) {
            String hf = "model.layers." + i + ".";
            String gg = "blk." + i + ".";
            norm(w, gg + "attn_norm.weight", weights.get(hf + "input_layernorm.weight"), gemma);
            if (weights.has(hf + "self_attn.qkv_proj.weight")) {
                tensor(w, gg + "attn_qkv.weight", weights.get(hf + "self_attn.qkv_proj.weight"), 0, false);
            } else {
                tensor(w, gg + "attn_q.weight", weights.get(hf + "self_attn.q_proj.weight"), permute ? c.heads() : 0, false);
                tensor(w, gg + "attn_k.weight", weights.get(hf + "self_attn.k_proj.weight"), permute ? c.kvHeads() : 0, false);
                tensor(w, gg + "attn_v.weight", weights.get(hf + "self_attn.v_proj.weight"), 0, false);
                for (String p : new String[] {"q", "k", "v"}) {
                    if (weights.has(hf + "self_attn." + p + "_proj.bias")) {
                        tensor(w, gg + "attn_" + p + ".bias", weights.get(hf + "self_attn." + p + "_proj.bias"), 0, true);
                    }
                }
            }
            tensor(w, gg + "attn_output.weight", weights.get(hf + "self_attn.o_proj.weight"), 0, false);
            if (weights.has(hf + "self_attn.q_norm.weight")) {
                norm(w, gg + "attn_q_norm.weight", weights.get(hf + "self_attn.q_norm.weight"), gemma);
                norm(w, gg + "attn_k_norm.weight", weights.get(hf + "self_attn.k_norm.weight"), gemma);
            }
            if (gemma) {
                norm(w, gg + "post_attention_norm.weight", weights.get(hf + "post_attention_layernorm.weight"), true);
                norm(w, gg + "ffn_norm.weight", weights.get(hf + "pre_feedforward_layernorm.weight"), true);
                norm(w, gg + "post_ffw_norm.weight", weights.get(hf + "post_feedforward_layernorm.weight"), true);
            } else {
                norm(w, gg + "ffn_norm.weight", weights.get(hf + "post_attention_layernorm.weight"), false);
            }
            if (weights.has(hf + "mlp.gate_up_proj.weight")) {
                tensor(w, gg + "ffn_up.weight", weights.get(hf + "mlp.gate_up_proj.weight"), 0, false);
            } else {
                tensor(w, gg + "ffn_gate.weight", weights.get(hf + "mlp.gate_proj.weight"), 0, false);
                tensor(w, gg + "ffn_up.weight", weights.get(hf + "mlp.up_proj.weight"), 0, false);
            }
            tensor(w, gg + "ffn_down.weight", weights.get(hf + "mlp.down_proj.weight"), 0, false);
        }
        norm(w, "output_norm.weight", weights.get("model.norm.weight"), gemma);
        if (weights.has("lm_head.weight")) {
            tensor(w, "output.weight", weights.get("lm_head.weight"), 0, false);
        }
    }

    /** {@return the factors {@code convert_hf_to_gguf.py} writes for Llama 3 RoPE scaling (original context 8192)} */
    float[] llama3Factors() {
        int dim = model.headDim();
        float[] out = new float[dim / 2];
        double low = 8192 / 1.0;
        double high = 8192 / 4.0;
        for (int j = 0; j < dim / 2; j++) {
            double freq = 1.0 / Math.pow(model.shape().ropeTheta(), (2.0 * j) / dim);
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < high) {
                out[j] = 1;
            } else if (wavelen > low) {
                out[j] = model.llama3Factor();
            } else {
                double smooth = (8192 / wavelen - 1) / (4 - 1);
                out[j] = (float) (1 / ((1 - smooth) / model.llama3Factor() + smooth));
            }
        }
        return out;
    }

    private static void norm(GgufWriter w, String name, WeightTensor t, boolean plusOne) {
        float[] v = t.values();
        if (plusOne) {
            for (int i = 0; i < v.length; i++) {
                v[i] += 1f;
            }
        }
        w.addTensor(name, GgmlType.F32, v, v.length);
    }

    private void tensor(GgufWriter w, String name, WeightTensor t, int permuteHeads, boolean plain) {
        int[] shape = t.shape();
        float[] values = t.values();
        if (permuteHeads > 0) {
            values = TinyGguf.permuteForInterleavedRope(values, shape[1], permuteHeads);
        }
        long[] ne = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ne[i] = shape[shape.length - 1 - i];
        }
        w.addTensor(name, plain || shape.length == 1 ? GgmlType.F32 : weightType, values, ne);
    }
}
