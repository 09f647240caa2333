package dev.mlxgguf.engine.support;

import dev.mlxgguf.api.TokenChunk;
import dev.mlxgguf.engine.spi.TokenSink;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** UTF-8 assembly, stop strings and token accounting shared by every engine. */
class TextStreamTest {

    private static final class Recorder implements TokenSink {
        final List<TokenChunk> chunks = new ArrayList<>();
        int refuseAfter = Integer.MAX_VALUE;

        @Override
        public boolean push(TokenChunk chunk) {
            chunks.add(chunk);
            return chunks.size() < refuseAfter;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            chunks.forEach(c -> sb.append(c.text()));
            return sb.toString();
        }
    }

    private static List<byte[]> bytePieces(String s, int size) {
        byte[] all = s.getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = new ArrayList<>();
        for (int i = 0; i < all.length; i += size) {
            pieces.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + size)));
        }
        return pieces;
    }

    @Test
    void multiByteCharactersSplitAcrossTokensArriveWhole() {
        String text = "héllo 你好 😀 done";
        for (int size = 1; size <= 4; size++) {
            Recorder r = new Recorder();
            TextStream s = new TextStream(List.of(), r);
            for (byte[] p : bytePieces(text, size)) {
                assertThat(s.acceptToken(p), is(TextStream.Step.CONTINUE));
            }
            assertThat(s.finish(), is(true));
            assertThat(r.text(), is(text));
            for (TokenChunk c : r.chunks) {
                assertThat(c.text().contains("\uFFFD"), is(false));
                assertThat(Character.isHighSurrogate(c.text().charAt(c.text().length() - 1)), is(false));
            }
        }
    }

    @Test
    void stopStringsAreNeverEmittedEvenAcrossTokens() {
        Recorder r = new Recorder();
        TextStream s = new TextStream(List.of("<|end|>", "STOP"), r);
        TextStream.Step last = null;
        for (String piece : List.of("Hello", " wor", "ld<|", "en", "d|> never")) {
            last = s.acceptToken(piece.getBytes(StandardCharsets.UTF_8));
            if (last != TextStream.Step.CONTINUE) {
                break;
            }
        }
        assertThat(last, is(TextStream.Step.STOPPED));
        assertThat(r.text(), is("Hello world"));
        assertThat(s.finish(), is(true));
        assertThat(r.text(), is("Hello world"));
    }

    @Test
    void heldBackPrefixIsReleasedWhenItDoesNotBecomeAStop() {
        Recorder r = new Recorder();
        TextStream s = new TextStream(List.of("STOP"), r);
        s.acceptToken("a ST".getBytes(StandardCharsets.UTF_8));
        assertThat(r.text(), is("a "));
        s.acceptToken("OX".getBytes(StandardCharsets.UTF_8));
        assertThat(r.text(), is("a STOX"));
        s.acceptToken(" ST".getBytes(StandardCharsets.UTF_8));
        s.finish();
        assertThat(r.text(), is("a STOX ST"));
    }

    @Test
    void theEarliestStopWins() {
        StopStringMatcher m = new StopStringMatcher(List.of("bc", "abcd", "x"));
        StopStringMatcher.Result r = m.accept("zzabcdx");
        assertThat(r.stopped(), is(true));
        assertThat(r.emit(), is("zz")); // "abcd" starts before "bc"
    }

    @Test
    void aRefusingSinkCancels() {
        Recorder r = new Recorder();
        r.refuseAfter = 2;
        TextStream s = new TextStream(List.of(), r);
        assertThat(s.acceptToken("a".getBytes(StandardCharsets.UTF_8)), is(TextStream.Step.CONTINUE));
        assertThat(s.acceptToken("b".getBytes(StandardCharsets.UTF_8)), is(TextStream.Step.CANCELLED));
    }

    @Test
    void tokenCountsAddUpAcrossChunks() {
        Recorder r = new Recorder();
        TextStream s = new TextStream(List.of("zz"), r);
        s.acceptToken(new byte[] {(byte) 0xE4});
        s.acceptToken(new byte[] {(byte) 0xBD});
        s.acceptToken(new byte[] {(byte) 0xA0}); // 你 completes with the third token
        s.acceptToken("z".getBytes(StandardCharsets.UTF_8)); // held: could start "zz"
        s.finish();
        assertThat(r.text(), is("你z"));
        assertThat(r.chunks.getFirst().tokens(), is(3));
    }

    @Test
    void anIncompleteTrailingSequenceBecomesAReplacementCharacter() {
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        assertThat(d.accept(new byte[] {'o', 'k', (byte) 0xF0, (byte) 0x9F}), is("ok"));
        assertThat(d.hasPending(), is(true));
        assertThat(d.finish(), is("\uFFFD"));
        assertThat(d.accept(new byte[] {(byte) 0xFF, 'x'}), is("\uFFFDx"));
    }
}
