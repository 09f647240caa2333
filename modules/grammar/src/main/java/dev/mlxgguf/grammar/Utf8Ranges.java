package dev.mlxgguf.grammar;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a range of code points into UTF-8 byte-range sequences: each sequence is a list of
 * {@code [lo, hi]} byte ranges, one per byte, and the sequences together match exactly the UTF-8 encodings
 * of the range (the classic split at encoding-length and continuation-byte boundaries). Stateless.
 */
final class Utf8Ranges {

    private static final int[] LENGTH_LIMITS = {0x7F, 0x7FF, 0xFFFF, 0x10FFFF};

    private Utf8Ranges() {
    }

    /**
     * @param lo first code point
     * @param hi last code point (inclusive, no surrogates in between)
     * @return the sequences; each is an array of {@code lo | hi << 8} per byte
     */
    static List<int[]> split(int lo, int hi) {
        List<int[]> out = new ArrayList<>();
        split(lo, hi, out);
        return out;
    }

    private static void split(int lo, int hi, List<int[]> out) {
        for (int limit : LENGTH_LIMITS) {
            if (lo <= limit && hi > limit) {
                split(lo, limit, out);
                split(limit + 1, hi, out);
                return;
            }
        }
        int n = length(lo);
        for (int i = 1; i < n; i++) {
            int m = (1 << (6 * i)) - 1;
            if ((lo & ~m) != (hi & ~m)) {
                if ((lo & m) != 0) {
                    split(lo, lo | m, out);
                    split((lo | m) + 1, hi, out);
                    return;
                }
                if ((hi & m) != m) {
                    split(lo, (hi & ~m) - 1, out);
                    split(hi & ~m, hi, out);
                    return;
                }
            }
        }
        byte[] a = encode(lo);
        byte[] b = encode(hi);
        int[] seq = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            seq[i] = (a[i] & 0xFF) | (b[i] & 0xFF) << 8;
        }
        out.add(seq);
    }

    private static int length(int c) {
        return c <= 0x7F ? 1 : c <= 0x7FF ? 2 : c <= 0xFFFF ? 3 : 4;
    }

    private static byte[] encode(int c) {
        return new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
    }
}
