package dev.mlxgguf.engine.mlx.tokenizer;

/**
 * GPT-2's {@code bytes_to_unicode}: bytes {@code 0x21-0x7E}, {@code 0xA1-0xAC} and {@code 0xAE-0xFF} map to
 * the same code point, the other 68 bytes in increasing order to U+0100, U+0101, ... (space becomes
 * {@code Ġ}, LF {@code Ċ}). Byte-level BPE runs over these characters. Stateless; thread-safe.
 */
final class ByteLevelMap {

    private static final char[] TO_CHAR = new char[256];
    private static final int[] TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(TO_BYTE, -1);
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean direct = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            TO_CHAR[b] = direct ? (char) b : (char) (256 + extra++);
            TO_BYTE[TO_CHAR[b]] = b;
        }
    }

    private ByteLevelMap() {
    }

    /**
     * @param utf8 bytes
     * @return one mapped character per byte
     */
    static String encode(byte[] utf8) {
        char[] out = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            out[i] = TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(out);
    }

    /**
     * @param c a character
     * @return its byte, or -1 if {@code c} is not a mapped character
     */
    static int byteOf(char c) {
        return c < TO_BYTE.length ? TO_BYTE[c] : -1;
    }
}
