package dev.mlxgguf.engine.gguf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Converts between Java strings and C strings: NUL-terminated UTF-8, whatever JNA's default encoding is. */
final class CStrings {

    private CStrings() {
    }

    /**
     * @param s text
     * @return its UTF-8 bytes followed by one NUL
     */
    static byte[] utf8z(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(b, b.length + 1);
    }

    /**
     * Copies a string into native memory owned by the returned object (freed when it is collected).
     *
     * @param s text
     * @return NUL-terminated UTF-8 in native memory
     */
    static Memory nativeUtf8z(String s) {
        byte[] b = utf8z(s);
        Memory m = new Memory(b.length);
        m.write(0, b, 0, b.length);
        return m;
    }

    /**
     * @param p a {@code const char *}, may be null
     * @return the UTF-8 string, or null
     */
    static String read(Pointer p) {
        return p == null ? null : p.getString(0, StandardCharsets.UTF_8.name());
    }
}
