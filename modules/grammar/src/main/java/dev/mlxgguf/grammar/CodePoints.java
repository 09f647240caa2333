package dev.mlxgguf.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of Unicode scalar values as sorted, disjoint, non-adjacent inclusive ranges (surrogates are never
 * members). Immutable.
 */
public final class CodePoints {

    static final int MAX = 0x10FFFF;
    private static final int SURROGATE_LO = 0xD800;
    private static final int SURROGATE_HI = 0xDFFF;

    private final int[] ranges; // lo0, hi0, lo1, hi1, ...

    private CodePoints(int[] ranges) {
        this.ranges = ranges;
    }

    /** {@return the empty set} */
    public static CodePoints none() {
        return new CodePoints(new int[0]);
    }

    /** {@return every scalar value} */
    public static CodePoints all() {
        return range(0, MAX);
    }

    /**
     * @param lo first code point
     * @param hi last code point (inclusive)
     * @return the range, surrogates removed
     */
    public static CodePoints range(int lo, int hi) {
        return of(new int[] {lo, hi});
    }

    /** @param c a code point @return the set of it alone */
    public static CodePoints single(int c) {
        return range(c, c);
    }

    /**
     * @param pairs lo, hi pairs in any order, overlapping allowed
     * @return the normalised set
     */
    public static CodePoints of(int[] pairs) {
        int n = pairs.length / 2;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, pairs[2 * i]);
            int hi = Math.min(MAX, pairs[2 * i + 1]);
            packed[i] = ((long) lo << 32) | (hi & 0xFFFFFFFFL);
        }
        Arrays.sort(packed);
        List<int[]> out = new ArrayList<>();
        for (long p : packed) {
            int lo = (int) (p >>> 32);
            int hi = (int) p;
            if (lo > hi) {
                continue;
            }
            if (!out.isEmpty() && lo <= out.getLast()[1] + 1) {
                out.getLast()[1] = Math.max(out.getLast()[1], hi);
            } else {
                out.add(new int[] {lo, hi});
            }
        }
        List<Integer> flat = new ArrayList<>();
        for (int[] r : out) {
            // cut the surrogates out
            if (r[0] <= SURROGATE_HI && r[1] >= SURROGATE_LO) {
                if (r[0] < SURROGATE_LO) {
                    flat.add(r[0]);
                    flat.add(SURROGATE_LO - 1);
                }
                if (r[1] > SURROGATE_HI) {
                    flat.add(SURROGATE_HI + 1);
                    flat.add(r[1]);
                }
            } else {
                flat.add(r[0]);
                flat.add(r[1]);
            }
        }
        return new CodePoints(flat.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @param other another set @return the union */
    public CodePoints union(CodePoints other) {
        int[] both = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, both, ranges.length, other.ranges.length);
        return of(both);
    }

    /** {@return every scalar value not in this set} */
    public CodePoints complement() {
        List<Integer> flat = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                flat.add(next);
                flat.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= MAX) {
            flat.add(next);
            flat.add(MAX);
        }
        return of(flat.stream().mapToInt(Integer::intValue).toArray());
    }

    /** @param other another set @return this set without the other's members */
    public CodePoints minus(CodePoints other) {
        return complement().union(other).complement();
    }

    /** @param other another set @return the members of both */
    public CodePoints intersect(CodePoints other) {
        return complement().union(other.complement()).complement();
    }

    /** @param c a code point @return whether it is a member */
    public boolean contains(int c) {
        for (int i = 0; i < ranges.length; i += 2) {
            if (c >= ranges[i] && c <= ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** {@return whether the set has no members} */
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /** {@return the ranges as lo, hi pairs (a copy)} */
    int[] ranges() {
        return ranges.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CodePoints c && Arrays.equals(ranges, c.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }
}
