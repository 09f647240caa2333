package dev.mlxgguf.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tokenizer that testkit writes both as GGUF metadata (what llama.cpp tokenizes with) and as
 * {@code tokenizer.json} + {@code tokenizer_config.json} (what an MLX folder carries), so both engines see
 * the same vocabulary. Immutable.
 */
public sealed interface TinyVocab permits TinyVocab.ByteLevel, TinyVocab.SentencePiece {

    /** {@return the number of tokens} */
    int size();

    /** {@return the BOS id, or -1} */
    int bosId();

    /** {@return the EOS id} */
    int eosId();

    /** {@return whether a raw prompt gets BOS} */
    boolean addBos();

    /**
     * Adds the {@code tokenizer.ggml.*} keys.
     *
     * @param w the GGUF writer
     */
    void writeGguf(GgufWriter w);

    /** {@return the {@code tokenizer.json} object} */
    Map<String, Object> tokenizerJson();

    /**
     * @param chatTemplate the template to embed, if any
     * @return the {@code tokenizer_config.json} object
     */
    Map<String, Object> tokenizerConfig(Optional<String> chatTemplate);

    /** Byte-level pre-tokenizer regexes, as GGUF {@code tokenizer.ggml.pre} names them. */
    enum Pre {
        /** Llama 3 ({@code llama-bpe}), with {@code ignore_merges}. */
        LLAMA3("llama-bpe", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
                + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", true),
        /** Qwen 2 ({@code qwen2}): single digits. */
        QWEN2("qwen2", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", false),
        /** GPT-2 ({@code gpt-2}): the ByteLevel pre-tokenizer's own regex. */
        GPT2("gpt-2", null, false);

        private final String ggufName;
        private final String regex;
        private final boolean ignoreMerges;

        Pre(String ggufName, String regex, boolean ignoreMerges) {
            this.ggufName = ggufName;
            this.regex = regex;
            this.ignoreMerges = ignoreMerges;
        }

        /** {@return the {@code tokenizer.ggml.pre} value} */
        public String ggufName() {
            return ggufName;
        }
    }

    /**
     * {@link ByteLevelBpe} with a pre-tokenizer choice. BOS is {@code <|endoftext|>} (never added), EOS
     * {@code <|im_end|>}; merges are written as {@code "a b"} strings.
     *
     * @param bpe the vocabulary
     * @param pre the pre-tokenizer
     */
    record ByteLevel(ByteLevelBpe bpe, Pre pre) implements TinyVocab {

        /** {@return the standard vocabulary with the Llama 3 pre-tokenizer} */
        public static ByteLevel standard() {
            return new ByteLevel(ByteLevelBpe.standard(), Pre.LLAMA3);
        }

        @Override
        public int size() {
            return bpe.size();
        }

        @Override
        public int bosId() {
            return bpe.endOfTextId();
        }

        @Override
        public int eosId() {
            return bpe.imEndId();
        }

        @Override
        public boolean addBos() {
            return false;
        }

        @Override
        public void writeGguf(GgufWriter w) {
            w.putString("tokenizer.ggml.model", "gpt2")
                    .putString("tokenizer.ggml.pre", pre.ggufName())
                    .putStringArray("tokenizer.ggml.tokens", bpe.tokens())
                    .putInt32Array("tokenizer.ggml.token_type", bpe.tokenTypes().stream().mapToInt(TokenType::ggufCode).toArray())
                    .putStringArray("tokenizer.ggml.merges", bpe.merges())
                    .putUInt32("tokenizer.ggml.bos_token_id", bosId())
                    .putUInt32("tokenizer.ggml.eos_token_id", eosId())
                    .putUInt32("tokenizer.ggml.eot_token_id", eosId())
                    .putBool("tokenizer.ggml.add_bos_token", false);
        }

        @Override
        public Map<String, Object> tokenizerJson() {
            Map<String, Object> byteLevel = new LinkedHashMap<>();
            byteLevel.put("type", "ByteLevel");
            byteLevel.put("add_prefix_space", false);
            byteLevel.put("trim_offsets", true);
            byteLevel.put("use_regex", pre.regex == null);
            Object preTokenizer = byteLevel;
            if (pre.regex != null) {
                preTokenizer = Map.of("type", "Sequence", "pretokenizers", List.of(
                        Map.of("type", "Split", "pattern", Map.of("Regex", pre.regex), "behavior", "Isolated", "invert", false),
                        byteLevel));
            }
            Map<String, Integer> vocab = new LinkedHashMap<>();
            List<Object> added = new ArrayList<>();
            for (int i = 0; i < bpe.size(); i++) {
                if (bpe.tokenTypes().get(i) == TokenType.CONTROL) {
                    added.add(Tokenizers.addedToken(i, bpe.tokens().get(i)));
                } else {
                    vocab.put(bpe.tokens().get(i), i);
                }
            }
            Map<String, Object> model = Tokenizers.bpeModel(vocab, new ArrayList<>(bpe.merges()), false, pre.ignoreMerges, null);
            return Tokenizers.root(added, null, preTokenizer, Map.of("type", "ByteLevel", "add_prefix_space", false,
                    "trim_offsets", true, "use_regex", true), Map.of("type", "ByteLevel", "add_prefix_space", false,
                    "trim_offsets", true, "use_regex", true), model);
        }

        @Override
        public Map<String, Object> tokenizerConfig(Optional<String> chatTemplate) {
            return Tokenizers.config(ByteLevelBpe.END_OF_TEXT, ByteLevelBpe.IM_END, false, chatTemplate);
        }
    }

    /**
     * {@link SpmVocab} written as a llama.cpp {@code llama} (SentencePiece) vocabulary and a "legacy" Llama 2
     * style {@code tokenizer.json}: normalizer {@code Prepend(▁) + Replace(' ', ▁)}, byte fallback, merges as
     * {@code ["a", "b"]} pairs, BOS {@code <s>} added to raw prompts, decoder {@code Replace, ByteFallback,
     * Fuse, Strip}.
     *
     * @param spm the vocabulary
     */
    record SentencePiece(SpmVocab spm) implements TinyVocab {

        /** {@return the standard SentencePiece-style vocabulary} */
        public static SentencePiece standard() {
            return new SentencePiece(SpmVocab.standard());
        }

        @Override
        public int size() {
            return spm.size();
        }

        @Override
        public int bosId() {
            return 1;
        }

        @Override
        public int eosId() {
            return 2;
        }

        @Override
        public boolean addBos() {
            return true;
        }

        @Override
        public void writeGguf(GgufWriter w) {
            w.putString("tokenizer.ggml.model", "llama")
                    .putStringArray("tokenizer.ggml.tokens", spm.tokens())
                    .putFloat32Array("tokenizer.ggml.scores", spm.scores())
                    .putInt32Array("tokenizer.ggml.token_type", spm.tokenTypes().stream().mapToInt(TokenType::ggufCode).toArray())
                    .putUInt32("tokenizer.ggml.bos_token_id", 1)
                    .putUInt32("tokenizer.ggml.eos_token_id", 2)
                    .putUInt32("tokenizer.ggml.unknown_token_id", 0)
                    .putBool("tokenizer.ggml.add_bos_token", true)
                    .putBool("tokenizer.ggml.add_space_prefix", true);
        }

        @Override
        public Map<String, Object> tokenizerJson() {
            Map<String, Integer> vocab = new LinkedHashMap<>();
            List<Object> added = new ArrayList<>();
            for (int i = 0; i < spm.size(); i++) {
                TokenType t = spm.tokenTypes().get(i);
                if (t == TokenType.CONTROL || t == TokenType.UNKNOWN) {
                    added.add(Tokenizers.addedToken(i, spm.tokens().get(i)));
                }
                vocab.put(spm.tokens().get(i), i);
            }
            List<Object> merges = new ArrayList<>();
            for (String[] m : spm.merges()) {
                merges.add(List.of(m[0], m[1]));
            }
            Map<String, Object> normalizer = Map.of("type", "Sequence", "normalizers", List.of(
                    Map.of("type", "Prepend", "prepend", SpmVocab.SPACE),
                    Map.of("type", "Replace", "pattern", Map.of("String", " "), "content", SpmVocab.SPACE)));
            Map<String, Object> post = Map.of("type", "TemplateProcessing",
                    "single", List.of(Map.of("SpecialToken", Map.of("id", "<s>", "type_id", 0)),
                            Map.of("Sequence", Map.of("id", "A", "type_id", 0))),
                    "special_tokens", Map.of("<s>", Map.of("id", "<s>", "ids", List.of(1), "tokens", List.of("<s>"))));
            Map<String, Object> decoder = Map.of("type", "Sequence", "decoders", List.of(
                    Map.of("type", "Replace", "pattern", Map.of("String", SpmVocab.SPACE), "content", " "),
                    Map.of("type", "ByteFallback"), Map.of("type", "Fuse"),
                    Map.of("type", "Strip", "content", " ", "start", 1, "stop", 0)));
            return Tokenizers.root(added, normalizer, null, post, decoder,
                    Tokenizers.bpeModel(vocab, merges, true, false, "<unk>"));
        }

        @Override
        public Map<String, Object> tokenizerConfig(Optional<String> chatTemplate) {
            return Tokenizers.config("<s>", "</s>", true, chatTemplate);
        }
    }
}
