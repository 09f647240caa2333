package dev.mlxgguf.engine.whisper;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Converts between Java strings and C strings: NUL-terminated UTF-8, whatever JNA's default encoding is. */
final class NativeStrings {

    private NativeStrings() {
    }

    /** {@return the UTF-8 bytes of {@code s} followed by one NUL} @param s text */
    static byte[] utf8z(String s) {
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
    static Memory memory(String s) {
        byte[] b = utf8z(s);
        Memory m = new Memory(b.length);
        m.write(0, b, 0, b.length);
        return m;
    }

    /** {@return the UTF-8 string at {@code p}, or "" for null} Malformed bytes become U+FFFD. @param p a C string */
    static String read(Pointer p) {
        return p == null ? "" : new String(bytes(p), StandardCharsets.UTF_8);
    }

    /** {@return the bytes of the C string at {@code p} (empty for null)} @param p a C string */
    static byte[] bytes(Pointer p) {
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
