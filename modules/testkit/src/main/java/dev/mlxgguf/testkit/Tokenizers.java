package dev.mlxgguf.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the JSON objects of {@code tokenizer.json} and {@code tokenizer_config.json}. Stateless. */
final class Tokenizers {

    private Tokenizers() {
    }

    static Map<String, Object> addedToken(int id, String content) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
        return t;
    }

    static Map<String, Object> bpeModel(Map<String, Integer> vocab, List<Object> merges, boolean byteFallback,
                                        boolean ignoreMerges, String unk) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "BPE");
        m.put("dropout", null);
        m.put("unk_token", unk);
        m.put("continuing_subword_prefix", null);
        m.put("end_of_word_suffix", null);
        m.put("fuse_unk", byteFallback);
        m.put("byte_fallback", byteFallback);
        m.put("ignore_merges", ignoreMerges);
        m.put("vocab", vocab);
        m.put("merges", merges);
        return m;
    }

    static Map<String, Object> root(List<Object> added, Object normalizer, Object preTokenizer, Object post, Object decoder,
                                    Map<String, Object> model) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("version", "1.0");
        r.put("truncation", null);
        r.put("padding", null);
        r.put("added_tokens", added);
        r.put("normalizer", normalizer);
        r.put("pre_tokenizer", preTokenizer);
        r.put("post_processor", post);
        r.put("decoder", decoder);
        r.put("model", model);
        return r;
    }

    static Map<String, Object> config(String bos, String eos, boolean addBos, Optional<String> chatTemplate) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("add_bos_token", addBos);
        c.put("add_eos_token", false);
        c.put("bos_token", bos);
        c.put("eos_token", eos);
        c.put("clean_up_tokenization_spaces", false);
        c.put("model_max_length", 2048);
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        chatTemplate.ifPresent(t -> c.put("chat_template", t));
        return c;
    }
}
