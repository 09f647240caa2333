package dev.mlxgguf.testkit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A tiny llama model as a GGUF file that llama.cpp loads: {@link TinyLlamaWeights} converted the way
 * {@code convert_hf_to_gguf.py} converts a Hugging Face llama (tensor renaming, Q/K rows permuted from
 * the rotate-half to the interleaved RoPE layout, ggml {@code ne} = reversed shape), plus the
 * {@link ByteLevelBpe} vocabulary as a {@code gpt2} / {@code llama-bpe} tokenizer.
 *
 * <p>Tokenizer metadata: BOS = {@value ByteLevelBpe#END_OF_TEXT} (never added: {@code add_bos_token} is
 * false), EOS and EOT = {@value ByteLevelBpe#IM_END}. llama.cpp marks both {@code <|im_end|>} and
 * {@code <|endoftext|>} as end-of-generation by their text. Norm weights are always F32; the other
 * tensors use {@link #weightType()}.
 *
 * @param config       model shape and seed
 * @param tokenizer    the vocabulary; its size must equal {@code config.vocabSize()}
 * @param weightType   storage type of the 2-D weights
 * @param name         {@code general.name}
 * @param chatTemplate {@code tokenizer.chat_template}, or empty for a model without a template
 */
public record TinyGguf(TinyLlamaConfig config, ByteLevelBpe tokenizer, GgmlType weightType, String name,
                       Optional<String> chatTemplate) {

    /** The ChatML template of Qwen-style models, as stored in {@code tokenizer.chat_template}. */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Checks the components: a null or out-of-range one throws. */
    public TinyGguf {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(tokenizer, "tokenizer");
        Objects.requireNonNull(weightType, "weightType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chatTemplate, "chatTemplate");
        if (tokenizer.size() != config.vocabSize()) {
            throw new IllegalArgumentException("vocabSize " + config.vocabSize() + " != tokenizer size " + tokenizer.size());
        }
    }

    /**
     * The standard tiny model: {@link TinyLlamaConfig#standard(long)}, the standard vocabulary, F32
     * weights, name {@code tiny-llama}, the ChatML template.
     *
     * @param seed weight seed
     * @return the fixture description
     */
    public static TinyGguf standard(long seed) {
        return new TinyGguf(TinyLlamaConfig.standard(seed), ByteLevelBpe.standard(), GgmlType.F32, "tiny-llama",
                Optional.of(CHATML_TEMPLATE));
    }

    /**
     * Writes the standard tiny model (F32).
     *
     * @param dir      directory
     * @param fileName file name, e.g. {@code tiny.gguf}
     * @param seed     weight seed
     * @return the written file
     */
    public static Path write(Path dir, String fileName, long seed) {
        return standard(seed).writeTo(dir.resolve(fileName));
    }

    /** @param value storage type of the 2-D weights @return a copy */
    public TinyGguf withWeightType(GgmlType value) {
        return new TinyGguf(config, tokenizer, value, name, chatTemplate);
    }

    /** @param value model shape and seed @return a copy */
    public TinyGguf withConfig(TinyLlamaConfig value) {
        return new TinyGguf(value, tokenizer, weightType, name, chatTemplate);
    }

    /** @param value {@code general.name} @return a copy */
    public TinyGguf withName(String value) {
        return new TinyGguf(config, tokenizer, weightType, value, chatTemplate);
    }

    /** @param value the chat template, or null for none @return a copy */
    public TinyGguf withChatTemplate(String value) {
        return new TinyGguf(config, tokenizer, weightType, name, Optional.ofNullable(value));
    }

    /** {@return the weights this file carries, in Hugging Face layout} */
    public TinyLlamaWeights weights() {
        return TinyLlamaWeights.generate(config);
    }

    /** {@return the llama.cpp {@code general.file_type} ({@code llama_ftype}) of {@link #weightType()}} */
    public int fileType() {
        return switch (weightType) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
        };
    }

    /** {@return a writer holding the whole model; add keys before writing to customise it} */
    public GgufWriter toWriter() {
        TinyLlamaConfig c = config;
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", name)
                .putUInt32("general.file_type", fileType());
        if (weightType == GgmlType.Q8_0 || weightType == GgmlType.Q4_0) {
            w.putUInt32("general.quantization_version", 2);
        }
        w.putUInt32("llama.context_length", c.contextLength())
                .putUInt32("llama.embedding_length", c.hiddenSize())
                .putUInt32("llama.block_count", c.layers())
                .putUInt32("llama.feed_forward_length", c.intermediateSize())
                .putUInt32("llama.attention.head_count", c.heads())
                .putUInt32("llama.attention.head_count_kv", c.kvHeads())
                .putFloat32("llama.attention.layer_norm_rms_epsilon", c.rmsNormEps())
                .putUInt32("llama.rope.dimension_count", c.headDim())
                .putFloat32("llama.rope.freq_base", c.ropeTheta())
                .putUInt32("llama.vocab_size", c.vocabSize())
                .putString("tokenizer.ggml.model", "gpt2")
                .putString("tokenizer.ggml.pre", "llama-bpe")
                .putStringArray("tokenizer.ggml.tokens", tokenizer.tokens())
                .putInt32Array("tokenizer.ggml.token_type",
                        tokenizer.tokenTypes().stream().mapToInt(TokenType::ggufCode).toArray())
                .putStringArray("tokenizer.ggml.merges", tokenizer.merges())
                .putUInt32("tokenizer.ggml.bos_token_id", tokenizer.endOfTextId())
                .putUInt32("tokenizer.ggml.eos_token_id", tokenizer.imEndId())
                .putUInt32("tokenizer.ggml.eot_token_id", tokenizer.imEndId())
                .putBool("tokenizer.ggml.add_bos_token", false);
        chatTemplate.ifPresent(t -> w.putString("tokenizer.chat_template", t));
        addTensors(w, weights());
        return w;
    }

    /**
     * Writes the file, replacing any existing one.
     *
     * @param file where to write
     * @return {@code file}
     */
    public Path writeTo(Path file) {
        return toWriter().write(file);
    }

    /**
     * Writes the file into a directory.
     *
     * @param dir      directory
     * @param fileName file name
     * @return the written file
     */
    public Path writeTo(Path dir, String fileName) {
        return writeTo(dir.resolve(fileName));
    }

    /**
     * Permutes the rows of a Hugging Face Q or K projection from the rotate-half RoPE layout to llama.cpp's
     * interleaved one, exactly as {@code LlamaModel.permute} in {@code convert_hf_to_gguf.py}:
     * {@code w.reshape(n_head, 2, head_dim/2, in).swapaxes(1, 2).reshape(w.shape)}.
     *
     * @param w     row-major {@code [heads * headDim, cols]} values
     * @param cols  the input width
     * @param heads heads of this projection ({@code n_head} for Q, {@code n_head_kv} for K)
     * @return the permuted values
     */
    public static float[] permuteForInterleavedRope(float[] w, int cols, int heads) {
        int rows = w.length / cols;
        int headDim = rows / heads;
        int half = headDim / 2;
        float[] out = new float[w.length];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < half; j++) {
                for (int t = 0; t < 2; t++) {
                    int from = h * headDim + t * half + j;
                    int to = h * headDim + j * 2 + t;
                    System.arraycopy(w, from * cols, out, to * cols, cols);
                }
            }
        }
        return out;
    }

    private void addTensors(GgufWriter w, TinyLlamaWeights weights) {
        tensor(w, "token_embd.weight", weights.get("model.embed_tokens.weight"), false, 0);
        for (int i = 0; i < config.layers(); i++) {
            String hf = "model.layers." + i + ".";
            String gg = "blk." + i + ".";
            tensor(w, gg + "attn_norm.weight", weights.get(hf + "input_layernorm.weight"), true, 0);
            tensor(w, gg + "attn_q.weight", weights.get(hf + "self_attn.q_proj.weight"), false, config.heads());
            tensor(w, gg + "attn_k.weight", weights.get(hf + "self_attn.k_proj.weight"), false, config.kvHeads());
            tensor(w, gg + "attn_v.weight", weights.get(hf + "self_attn.v_proj.weight"), false, 0);
            tensor(w, gg + "attn_output.weight", weights.get(hf + "self_attn.o_proj.weight"), false, 0);
            tensor(w, gg + "ffn_norm.weight", weights.get(hf + "post_attention_layernorm.weight"), true, 0);
            tensor(w, gg + "ffn_gate.weight", weights.get(hf + "mlp.gate_proj.weight"), false, 0);
            tensor(w, gg + "ffn_down.weight", weights.get(hf + "mlp.down_proj.weight"), false, 0);
            tensor(w, gg + "ffn_up.weight", weights.get(hf + "mlp.up_proj.weight"), false, 0);
        }
        tensor(w, "output_norm.weight", weights.get("model.norm.weight"), true, 0);
        if (!config.tieEmbeddings()) {
            tensor(w, "output.weight", weights.get("lm_head.weight"), false, 0);
        }
    }

    private void tensor(GgufWriter w, String name, WeightTensor t, boolean norm, int permuteHeads) {
        int[] shape = t.shape();
        float[] values = t.values();
        if (permuteHeads > 0) {
            values = permuteForInterleavedRope(values, shape[1], permuteHeads);
        }
        long[] ne = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            ne[i] = shape[shape.length - 1 - i];
        }
        w.addTensor(name, norm ? GgmlType.F32 : weightType, values, ne);
    }

    @Override
    public String toString() {
        return "TinyGguf[" + name + ", " + weightType + ", seed " + config.seed() + ", vocab " + config.vocabSize()
                + ", tied " + config.tieEmbeddings() + ", template " + chatTemplate.isPresent() + "]";
    }
}
