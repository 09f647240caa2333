package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteLevelAlphabetTest {

    @Test
    void mapsLikeGpt2() {
        assertThat(ByteLevelAlphabet.charOf(' '), is('Ġ'));
        assertThat(ByteLevelAlphabet.charOf('\n'), is('Ċ'));
        assertThat(ByteLevelAlphabet.charOf('A'), is('A'));
        assertThat(ByteLevelAlphabet.charOf(0), is('\u0100'));
        assertThat(ByteLevelAlphabet.charOf(0xAD), is('\u0143'));
        assertThat(ByteLevelAlphabet.byteAt(0), is((int) '!'));
        assertThat(ByteLevelAlphabet.byteAt(188), is(0));
    }

    @Test
    void isABijection() {
        Set<Character> chars = new HashSet<>();
        Set<Integer> order = new HashSet<>();
        byte[] all = new byte[256];
        for (int b = 0; b < 256; b++) {
            chars.add(ByteLevelAlphabet.charOf(b));
            order.add(ByteLevelAlphabet.byteAt(b));
            assertThat(ByteLevelAlphabet.byteOf(ByteLevelAlphabet.charOf(b)), is(b));
            all[b] = (byte) b;
        }
        assertThat(chars.size(), is(256));
        assertThat(order.size(), is(256));
        assertArrayEquals(all, ByteLevelAlphabet.decode(ByteLevelAlphabet.encode(all)));
        assertThrows(IllegalArgumentException.class, () -> ByteLevelAlphabet.byteOf(' '));
    }
}
