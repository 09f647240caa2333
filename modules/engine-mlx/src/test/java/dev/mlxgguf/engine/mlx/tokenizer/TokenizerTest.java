package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.engine.mlx.metadata.Metadata;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** tokenizer.json features on hand-written vocabularies. */
class TokenizerTest {

    private static final String VOCAB = "{\"a\": 0, \"b\": 1, \"c\": 2, \"ab\": 3, \"abc\": 4, \"bc\": 5, \"\u2581\": 6, "
            + "\"\u2581a\": 7, \"<0x41>\": 8, \"<0xC3>\": 9, \"<0xA9>\": 10, \"<unk>\": 11}";

    private static Tokenizer spm(String merges, String preTokenizer, String normalizer) {
        String json = "{\"added_tokens\": [{\"id\": 12, \"content\": \"<s>\", \"special\": true},"
                + " {\"id\": 13, \"content\": \"<x>\", \"special\": false, \"lstrip\": true, \"rstrip\": true}],"
                + " \"normalizer\": " + normalizer + ", \"pre_tokenizer\": " + preTokenizer + ","
                + " \"post_processor\": {\"type\": \"TemplateProcessing\", \"single\": [{\"SpecialToken\": {\"id\": \"<s>\","
                + " \"type_id\": 0}}, {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}], \"special_tokens\": {\"<s>\":"
                + " {\"id\": \"<s>\", \"ids\": [12], \"tokens\": [\"<s>\"]}}},"
                + " \"decoder\": {\"type\": \"Sequence\", \"decoders\": [{\"type\": \"Replace\", \"pattern\": {\"String\": \"\u2581\"},"
                + " \"content\": \" \"}, {\"type\": \"ByteFallback\"}, {\"type\": \"Fuse\"}, {\"type\": \"Strip\", \"content\": \" \","
                + " \"start\": 1, \"stop\": 0}]},"
                + " \"model\": {\"type\": \"BPE\", \"unk_token\": \"<unk>\", \"byte_fallback\": true, \"fuse_unk\": true,"
                + " \"vocab\": " + VOCAB + ", \"merges\": " + merges + "}}";
        Metadata config = Metadata.parse("{\"bos_token\": \"<s>\", \"eos_token\": {\"content\": \"</s>\"}}");
        return TokenizerLoader.parse(Metadata.parse(json), Optional.of(config));
    }

    private static final String LEGACY = "{\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"Prepend\", \"prepend\": \"\u2581\"},"
            + " {\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": \"\u2581\"}]}";

    @Test
    void bothMergeFormatsGiveTheSameIds() {
        Tokenizer strings = spm("[\"a b\", \"ab c\", \"b c\", \"\u2581 a\"]", "null", LEGACY);
        Tokenizer pairs = spm("[[\"a\", \"b\"], [\"ab\", \"c\"], [\"b\", \"c\"], [\"\u2581\", \"a\"]]", "null", LEGACY);
        for (String s : new String[] {"abc", "a bc", "cab", "abcabc", " a"}) {
            assertArrayEquals(strings.encode(s, false), pairs.encode(s, false), s);
        }
        assertArrayEquals(new int[] {6, 4}, pairs.encode("abc", false));
        assertArrayEquals(new int[] {7, 6, 5}, pairs.encode("a bc", false));
    }

    @Test
    void byteFallbackAndDecodingStripTheLeadingSpace() {
        Tokenizer t = spm("[[\"a\", \"b\"]]", "null", LEGACY);
        assertArrayEquals(new int[] {6, 8, 9, 10}, t.encode("Aé", false));
        assertThat(t.decode(t.encode("ab Aé", false)), is("ab Aé"));
        assertThat(t.leadingStrip(), is(1));
        assertThat(t.eosToken(), is(Optional.of("</s>")));
    }

    @Test
    void specialAndAddedTokens() {
        Tokenizer t = spm("[[\"a\", \"b\"], [\"\u2581\", \"a\"]]", "null", LEGACY);
        assertArrayEquals(new int[] {12, 7}, t.encode("<s>a", true));
        assertArrayEquals(new int[] {6, 0, 6, 0}, spm("[]", "null", LEGACY).encode("a a", false));
        assertArrayEquals(new int[] {7, 13, 7}, t.encode("a <x> a", false), "lstrip/rstrip absorb spaces");
        assertArrayEquals(new int[] {12, 7}, t.encodePrompt("a"), "BOS from the post-processor");
        assertArrayEquals(new int[] {12, 7}, t.encodePrompt("<s>a"), "no double BOS");
        assertThat(t.piece(12).length, is(0));
    }

    @Test
    void metaspacePrependSchemes() {
        String first = "{\"type\": \"Metaspace\", \"replacement\": \"\u2581\", \"prepend_scheme\": \"first\", \"split\": false}";
        String always = first.replace("first", "always");
        Tokenizer f = spm("[[\"\u2581\", \"a\"]]", first, "null");
        Tokenizer a = spm("[[\"\u2581\", \"a\"]]", always, "null");
        assertArrayEquals(new int[] {12, 0}, f.encode("<s>a", true), "first: no prefix after a special token");
        assertArrayEquals(new int[] {12, 7}, a.encode("<s>a", true), "always: prefix after a special token");
        assertArrayEquals(new int[] {7}, f.encode("a", false));
    }

    @Test
    void ignoreMergesEmitsWholeWords() {
        String json = "{\"pre_tokenizer\": {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"use_regex\": true},"
                + " \"decoder\": {\"type\": \"ByteLevel\"}, \"model\": {\"type\": \"BPE\", \"ignore_merges\": %s,"
                + " \"vocab\": {\"a\": 0, \"b\": 1, \"c\": 2, \"ab\": 3, \"abc\": 4, \"\u0120\": 5, \"\u0120a\": 6},"
                + " \"merges\": [\"a b\", \"\u0120 a\"]}}";
        Tokenizer ignore = TokenizerLoader.parse(Metadata.parse(json.formatted("true")), Optional.empty());
        Tokenizer merge = TokenizerLoader.parse(Metadata.parse(json.formatted("false")), Optional.empty());
        assertArrayEquals(new int[] {4}, ignore.encode("abc", false));
        assertArrayEquals(new int[] {3, 2}, merge.encode("abc", false));
        assertArrayEquals(new int[] {4, 6}, ignore.encode("abc a", false));
        assertThat(ignore.decode(ignore.encode("abc a", false)), is("abc a"));
    }
}
