package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class Llama3PreTokenizerTest {

    @Test
    void splitsLikeLlama3() {
        assertThat(Llama3PreTokenizer.split("Hello world"), is(List.of("Hello", " world")));
        assertThat(Llama3PreTokenizer.split("it's THEY'LL"), is(List.of("it", "'s", " THEY", "'LL")));
        assertThat(Llama3PreTokenizer.split("1234567"), is(List.of("123", "456", "7")));
        assertThat(Llama3PreTokenizer.split("a  b"), is(List.of("a", " ", " b")));
        assertThat(Llama3PreTokenizer.split("x!!\n\ny"), is(List.of("x", "!!\n\n", "y")));
        assertThat(Llama3PreTokenizer.split("end.  \n"), is(List.of("end", ".", "  \n")));
        assertThat(Llama3PreTokenizer.split("(café)"), is(List.of("(café", ")")));
        assertThat(Llama3PreTokenizer.split("日本 😀"), is(List.of("日本", " 😀")));
    }

    @Test
    void unicodeWhitespaceIsWhitespace() {
        assertThat(Llama3PreTokenizer.split("a\u3000\u3000b"), is(List.of("a", "\u3000", "\u3000b")));
    }

    @Test
    void piecesAlwaysCoverTheInput() {
        String alphabet = "ab Z9'\n\t.,é日😀\u00a0";
        SplittableRandom rnd = new SplittableRandom(1);
        for (int round = 0; round < 500; round++) {
            StringBuilder s = new StringBuilder();
            int len = rnd.nextInt(30);
            for (int i = 0; i < len; i++) {
                s.appendCodePoint(alphabet.codePointAt(alphabet.offsetByCodePoints(0, rnd.nextInt(alphabet.codePointCount(0, alphabet.length())))));
            }
            assertThat(String.join("", Llama3PreTokenizer.split(s.toString())), is(s.toString()));
        }
    }
}
