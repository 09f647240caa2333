package dev.mlxgguf.testkit.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Derives inputs from seeds, reproducibly for a given seed: byte-level mutations (flips, interesting values,
 * inserts, deletes, duplicated and spliced ranges, truncation), and for text seeds token-level ones (a number,
 * string, literal or bracket replaced by a hostile one). One to four mutations per input; every 16th input is a
 * seed as it is. Not thread-safe.
 */
public final class Mutator {

    private static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, 0x20, '"', '\\', '{', '}', '[', ']', ',', ':',
        '\n', '%', '<', '>'};
    private static final List<String> HOSTILE_TOKENS = List.of("null", "-1", "0", "1e999", "-1e999",
            "1e99999999999", "-1E-99999999999", "9223372036854775808", "1.5", "NaN", "true", "\"\"", "[]", "{}",
            "\"\\ud800\"", "\"\\u0000\"", "[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]", "\"" + "x".repeat(70_000) + "\"",
            "{% for x in y %}", "{{", "}}", "{%", "%}", "\u00e9\u4e2d\ud83d\ude00");

    private final List<byte[]> seeds;
    private final Random random;
    private long count;

    /**
     * Creates a mutator.
     *
     * @param seeds the inputs to start from (at least one)
     * @param seed  the random seed: the same seed gives the same inputs
     */
    public Mutator(List<byte[]> seeds, long seed) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = List.copyOf(seeds);
        this.random = new Random(seed);
    }

    /** {@return the next input} */
    public byte[] next() {
        byte[] base = seeds.get(random.nextInt(seeds.size()));
        if (count++ % 16 == 0) {
            return base.clone();
        }
        byte[] out = base;
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out = mutate(out);
        }
        return out;
    }

    private byte[] mutate(byte[] in) {
        if (in.length == 0) {
            return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
        }
        return switch (random.nextInt(9)) {
            case 0 -> flip(in);
            case 1 -> set(in, INTERESTING[random.nextInt(INTERESTING.length)]);
            case 2 -> set(in, (byte) random.nextInt(256));
            case 3 -> insert(in);
            case 4 -> delete(in);
            case 5 -> duplicate(in);
            case 6 -> splice(in, seeds.get(random.nextInt(seeds.size())));
            case 7 -> Arrays.copyOf(in, random.nextInt(in.length));
            default -> token(in);
        };
    }

    private byte[] flip(byte[] in) {
        byte[] out = in.clone();
        int at = random.nextInt(out.length);
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
    }

    private byte[] set(byte[] in, byte b) {
        byte[] out = in.clone();
        out[random.nextInt(out.length)] = b;
        return out;
    }

    private byte[] insert(byte[] in) {
        int at = random.nextInt(in.length + 1);
        byte[] add = new byte[1 + random.nextInt(8)];
        random.nextBytes(add);
        return concat(Arrays.copyOf(in, at), add, Arrays.copyOfRange(in, at, in.length));
    }

    private byte[] delete(byte[] in) {
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(16));
        return concat(Arrays.copyOf(in, from), Arrays.copyOfRange(in, to, in.length));
    }

    private byte[] duplicate(byte[] in) {
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(64));
        return concat(Arrays.copyOf(in, to), Arrays.copyOfRange(in, from, in.length));
    }

    private byte[] splice(byte[] in, byte[] other) {
        int cut = random.nextInt(in.length + 1);
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        return concat(Arrays.copyOf(in, cut), Arrays.copyOfRange(other, from, other.length));
    }

    /** Replaces one token of a text (a run of digits, letters, a quoted string or one punctuation mark). */
    private byte[] token(byte[] in) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int at = random.nextInt(s.length());
        int end = at + 1;
        char c = s.charAt(at);
        if (Character.isLetterOrDigit(c)) {
            while (end < s.length() && Character.isLetterOrDigit(s.charAt(end))) {
                end++;
            }
        } else if (c == '"') {
            while (end < s.length() && s.charAt(end) != '"') {
                end++;
            }
            end = Math.min(s.length(), end + 1);
        }
        byte[] hostile = HOSTILE_TOKENS.get(random.nextInt(HOSTILE_TOKENS.size())).getBytes(StandardCharsets.UTF_8);
        return concat(Arrays.copyOf(in, at), hostile, Arrays.copyOfRange(in, end, in.length));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
