package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteLevelBpeTest {

    private final ByteLevelBpe bpe = ByteLevelBpe.standard();

    @Test
    void standardVocabularyHasTheDocumentedLayout() {
        assertThat(bpe.merges().size(), is(ByteLevelBpe.DEFAULT_MERGES));
        assertThat(bpe.size(), is(greaterThan(900)));
        assertThat(bpe.size(), is(lessThan(1100)));
        assertThat(bpe.tokens().get(0), is("!"));
        assertThat(bpe.tokens().get(220), is("Ġ"));
        assertThat(bpe.tokens().get(198), is("Ċ"));
        assertThat(bpe.endOfTextId(), is(bpe.size() - 3));
        assertThat(bpe.imStartId(), is(bpe.size() - 2));
        assertThat(bpe.imEndId(), is(bpe.size() - 1));
        assertThat(bpe.specialTokens(), is(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>")));
        for (int i = 0; i < bpe.size(); i++) {
            TokenType expected = i >= bpe.endOfTextId() ? TokenType.CONTROL : TokenType.NORMAL;
            assertThat(bpe.tokenTypes().get(i), is(expected));
        }
        assertThat(new HashSet<>(bpe.tokens()).size(), is(bpe.size()));
    }

    @Test
    void everyMergeJoinsTwoTokensIntoAToken() {
        for (String merge : bpe.merges()) {
            String[] parts = merge.split(" ", -1);
            assertThat(merge, parts.length, is(2));
            assertTrue(bpe.id(parts[0]).isPresent(), merge);
            assertTrue(bpe.id(parts[1]).isPresent(), merge);
            assertTrue(bpe.id(parts[0] + parts[1]).isPresent(), merge);
        }
    }

    @Test
    void trainingIsDeterministicAndPrefixStable() {
        ByteLevelBpe again = ByteLevelBpe.train(TrainingCorpus.TEXT, ByteLevelBpe.DEFAULT_MERGES);
        assertThat(again.tokens(), is(bpe.tokens()));
        assertThat(again.merges(), is(bpe.merges()));
        ByteLevelBpe small = ByteLevelBpe.train(TrainingCorpus.TEXT, 100);
        assertThat(small.merges(), is(bpe.merges().subList(0, 100)));
        assertThat(bpe.merges().getFirst(), is("h e"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "The morning was quiet in the small town by the river.",
            "It's 7:15 and they'll travel 2048 km!\n\nNew   paragraph\twith tabs  ",
            "café résumé crème brûlée naïve façade Grüße mañana", "日本 中国 你好 こんにちは", "smile 😀😀 ok",
            "unseen words: zyxwvut QQQ ###", "  leading and trailing spaces  ", "\r\n\r\nlines\r\n"})
    void roundTripsText(String text) {
        int[] ids = bpe.encode(text);
        assertThat(bpe.decode(ids), is(text));
        assertArrayEquals(ids, bpe.encode(text, true));
    }

    @Test
    void commonWordsAreSingleTokens() {
        assertThat(bpe.encode(" the").length, is(1));
        assertThat(bpe.encode("The").length, is(1));
        assertThat(bpe.encode(" river").length, is(1));
        assertThat(bpe.encode("The river").length, is(2));
    }

    @Test
    void unknownCharactersFallBackToBytes() {
        int[] ids = bpe.encode("Ω");
        assertThat(ids.length, is(2));
        for (int id : ids) {
            assertThat(id, is(lessThan(256)));
        }
    }

    @Test
    void specialTokensAreParsedOnlyWhenAsked() {
        String chat = "<|im_start|>user\nHi<|im_end|>\n";
        int[] parsed = bpe.encode(chat, true);
        assertThat(parsed[0], is(bpe.imStartId()));
        assertTrue(java.util.Arrays.stream(parsed).anyMatch(id -> id == bpe.imEndId()));
        assertThat(bpe.decode(parsed), is(chat));
        int[] plain = bpe.encode(chat, false);
        assertThat(java.util.Arrays.stream(plain).boxed().toList(), everyItem(lessThan(bpe.endOfTextId())));
        assertThat(bpe.decode(plain), is(chat));
    }

    @Test
    void tokenBytesMatchDecoding() {
        int[] ids = bpe.encode("über 😀");
        StringBuilder hex = new StringBuilder();
        for (int id : ids) {
            for (byte b : bpe.tokenBytes(id)) {
                hex.append(String.format("%02x", b));
            }
        }
        assertEquals("c3bc62657220f09f9880", hex.toString());
    }
}
