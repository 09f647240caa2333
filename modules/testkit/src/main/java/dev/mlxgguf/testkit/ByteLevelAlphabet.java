package dev.mlxgguf.testkit;

import java.util.Arrays;

/**
 * The GPT-2 {@code bytes_to_unicode} table used by byte-level BPE (GPT-2, Llama 3, Qwen): every byte
 * maps to one printable code point, so a token is a string of these characters. Bytes
 * {@code 0x21-0x7E}, {@code 0xA1-0xAC} and {@code 0xAE-0xFF} map to themselves; the other 68 bytes, in
 * increasing order, map to U+0100, U+0101, ... (space becomes {@code Ġ}, LF becomes {@code Ċ}).
 *
 * <p>{@link #byteAt(int)} gives GPT-2's vocabulary order of the 256 byte tokens (the self-mapped bytes
 * first, then the remapped ones), which is the order of token ids 0..255 in {@link ByteLevelBpe}.
 * Stateless and thread-safe.
 */
public final class ByteLevelAlphabet {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] ORDER = new int[256];
    private static final int[] CHAR_TO_BYTE;

    static {
        int n = 0;
        int extra = 0;
        boolean[] direct = new boolean[256];
        for (int b = 0; b < 256; b++) {
            direct[b] = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        }
        for (int b = 0; b < 256; b++) {
            if (direct[b]) {
                BYTE_TO_CHAR[b] = (char) b;
                ORDER[n++] = b;
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!direct[b]) {
                BYTE_TO_CHAR[b] = (char) (256 + extra++);
                ORDER[n++] = b;
            }
        }
        CHAR_TO_BYTE = new int[256 + extra];
        Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < 256; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /**
     * Maps one byte to its character.
     *
     * @param b a byte value, 0..255 (a Java {@code byte} is masked)
     * @return the character standing for it
     */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /**
     * Maps a character back to its byte.
     *
     * @param c a character of the alphabet
     * @return the byte value 0..255
     * @throws IllegalArgumentException if {@code c} is not in the alphabet
     */
    public static int byteOf(char c) {
        int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
        if (b < 0) {
            throw new IllegalArgumentException("not a byte-level character: U+" + Integer.toHexString(c));
        }
        return b;
    }

    /**
     * Gives the byte of the byte token with id {@code index} in GPT-2 order.
     *
     * @param index 0..255
     * @return the byte value
     */
    public static int byteAt(int index) {
        return ORDER[index];
    }

    /**
     * Encodes bytes as alphabet characters.
     *
     * @param bytes raw bytes (UTF-8 text, usually)
     * @return one character per byte
     */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = charOf(bytes[i]);
        }
        return new String(out);
    }

    /**
     * Decodes alphabet characters back to bytes.
     *
     * @param text characters of the alphabet
     * @return one byte per character
     * @throws IllegalArgumentException if a character is not in the alphabet
     */
    public static byte[] decode(String text) {
        byte[] out = new byte[text.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) byteOf(text.charAt(i));
        }
        return out;
    }
}
