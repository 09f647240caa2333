package dev.mlxgguf.ggml;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Converts between Java strings and C strings: NUL-terminated UTF-8, whatever JNA's default encoding is.
 * Malformed UTF-8 read from native code becomes U+FFFD. Stateless.
 */
public final class CStrings {

    private CStrings() {
    }

    /**
     * @param s text
     * @return its UTF-8 bytes followed by one NUL
     */
    public static byte[] utf8z(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    /**
     * Copies a string into native memory owned by the returned object (freed when it is collected, so the
     * caller keeps it reachable while native code reads it).
     *
     * @param s text
     * @return NUL-terminated UTF-8 in native memory
     */
    public static Memory memory(String s) {
        byte[] b = utf8z(s);
        Memory m = new Memory(b.length);
        m.write(0, b, 0, b.length);
        return m;
    }

    /**
     * @param p a {@code const char *}, may be null
     * @return the string, or null for a null pointer
     */
    public static String read(Pointer p) {
        return p == null ? null : new String(bytes(p), StandardCharsets.UTF_8);
    }

    /**
     * @param p a {@code const char *}, may be null
     * @return the string, or "" for a null pointer
     */
    public static String readOrEmpty(Pointer p) {
        return p == null ? "" : read(p);
    }

    /**
     * @param p a {@code const char *}, may be null
     * @return its bytes without the NUL (empty for a null pointer)
     */
    public static byte[] bytes(Pointer p) {
        if (p == null) {
            return new byte[0];
        }
        long n = 0;
        while (p.getByte(n) != 0) {
            n++;
        }
        return p.getByteArray(0, (int) n);
    }
}
