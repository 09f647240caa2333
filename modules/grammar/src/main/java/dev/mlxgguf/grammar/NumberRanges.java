package dev.mlxgguf.grammar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Grammars for JSON numbers inside bounds, exact for any decimal bounds (no exponent notation is generated):
 * integers in {@code [lo, hi]} and decimals between inclusive or exclusive bounds. Unbounded sides are cut at
 * {@value #MAX_DIGITS} integral digits (or the bound's own length) and fractions at {@value #MAX_FRACTION}
 * digits, so a random model cannot write digits forever; every number generated lies inside the bounds.
 * Stateless.
 */
final class NumberRanges {

    static final int MAX_DIGITS = 16;
    static final int MAX_FRACTION = 15;
    private static final Expr DIGIT = Expr.range('0', '9');

    private NumberRanges() {
    }

    /**
     * @param lo smallest value, or null for none
     * @param hi largest value, or null for none
     * @return the integers in the range, written canonically (no leading zeros, no {@code -0})
     */
    static Expr integers(BigInteger lo, BigInteger hi) {
        List<Expr> out = new ArrayList<>();
        if (lo == null || lo.signum() < 0) {
            // negative part: -m with m in [max(1, -hi), -lo]
            BigInteger mLo = hi == null || hi.signum() >= 0 ? BigInteger.ONE : hi.negate().max(BigInteger.ONE);
            BigInteger mHi = lo == null ? null : lo.negate();
            if (mHi == null || mLo.compareTo(mHi) <= 0) {
                out.add(Expr.seq(Expr.lit("-"), naturals(mLo, mHi)));
            }
        }
        BigInteger nLo = lo == null ? BigInteger.ZERO : lo.max(BigInteger.ZERO);
        if (hi == null || hi.compareTo(nLo) >= 0) {
            out.add(naturals(nLo, hi));
        }
        return Expr.alt(out);
    }

    /**
     * @param lo     lower bound, or null
     * @param loExcl whether the lower bound is exclusive
     * @param hi     upper bound, or null
     * @param hiExcl whether the upper bound is exclusive
     * @return the decimals in the range
     */
    static Expr decimals(BigDecimal lo, boolean loExcl, BigDecimal hi, boolean hiExcl) {
        List<Expr> out = new ArrayList<>();
        // negative part: x < 0, written "-" m with m > 0
        if (lo == null || lo.signum() < 0) {
            BigDecimal mLo = BigDecimal.ZERO;
            boolean mLoExcl = true;
            if (hi != null && hi.signum() < 0) {
                mLo = hi.negate();
                mLoExcl = hiExcl;
            }
            BigDecimal mHi = lo == null ? null : lo.negate();
            if (nonEmpty(mLo, mLoExcl, mHi, loExcl)) {
                out.add(Expr.seq(Expr.lit("-"), magnitudes(mLo, mLoExcl, mHi, loExcl)));
            }
        }
        // non-negative part
        BigDecimal nLo = BigDecimal.ZERO;
        boolean nLoExcl = false;
        if (lo != null && lo.signum() >= 0) {
            nLo = lo;
            nLoExcl = loExcl;
        }
        if (hi == null || hi.signum() >= 0) {
            if (nonEmpty(nLo, nLoExcl, hi, hiExcl)) {
                out.add(magnitudes(nLo, nLoExcl, hi, hiExcl));
            }
        }
        return Expr.alt(out);
    }

    private static boolean nonEmpty(BigDecimal lo, boolean loExcl, BigDecimal hi, boolean hiExcl) {
        if (hi == null) {
            return true;
        }
        int c = lo.compareTo(hi);
        return c < 0 || (c == 0 && !loExcl && !hiExcl);
    }

    /** Non-negative decimals m with lo <(=) m <(=) hi, lo >= 0. */
    private static Expr magnitudes(BigDecimal lo, boolean loExcl, BigDecimal hi, boolean hiExcl) {
        BigInteger a = lo.setScale(0, RoundingMode.FLOOR).toBigInteger();
        String fa = fractionDigits(lo);
        List<Expr> out = new ArrayList<>();
        if (hi != null) {
            BigInteger b = hi.setScale(0, RoundingMode.FLOOR).toBigInteger();
            String fb = fractionDigits(hi);
            if (a.equals(b)) {
                out.add(withFraction(Expr.lit(a.toString()), fraction(fa, loExcl, fb, hiExcl)));
                return Expr.alt(out);
            }
            out.add(withFraction(Expr.lit(a.toString()), fraction(fa, loExcl, null, false)));
            if (a.add(BigInteger.ONE).compareTo(b.subtract(BigInteger.ONE)) <= 0) {
                out.add(withFraction(naturals(a.add(BigInteger.ONE), b.subtract(BigInteger.ONE)), Fraction.ANY));
            }
            out.add(withFraction(Expr.lit(b.toString()), fraction(null, false, fb, hiExcl)));
        } else {
            out.add(withFraction(Expr.lit(a.toString()), fraction(fa, loExcl, null, false)));
            out.add(withFraction(naturals(a.add(BigInteger.ONE), null), Fraction.ANY));
        }
        return Expr.alt(out.stream().filter(e -> e != Expr.NOTHING).toList());
    }

    private static String fractionDigits(BigDecimal v) {
        BigDecimal f = v.subtract(v.setScale(0, RoundingMode.FLOOR)).stripTrailingZeros();
        if (f.signum() == 0) {
            return "";
        }
        String s = f.toPlainString(); // 0.xyz
        return s.substring(s.indexOf('.') + 1);
    }

    /**
     * The digits after a decimal point: whether none at all (value 0) is allowed, and the expressions that
     * start with a digit.
     */
    private record Fraction(boolean empty, List<Expr> digitLed) {
        static final Fraction ANY = new Fraction(true, List.of(new Expr.Repeat(DIGIT, 1, MAX_FRACTION)));
    }

    private static Expr withFraction(Expr integral, Fraction f) {
        if (f.digitLed().isEmpty()) {
            return f.empty() ? integral : Expr.NOTHING;
        }
        Expr dotted = Expr.seq(Expr.lit("."), Expr.alt(f.digitLed()));
        return Expr.seq(integral, f.empty() ? Expr.optional(dotted) : dotted);
    }

    /**
     * Fraction digits d (value 0.d, the empty string being 0) with L <(=) 0.d <(=) U; a null bound is absent,
     * an empty bound is 0.
     */
    private static Fraction fraction(String lo, boolean loExcl, String hi, boolean hiExcl) {
        if (lo != null && lo.isEmpty() && !loExcl) {
            lo = null; // 0.d >= 0 always holds
        }
        if (lo == null && hi == null) {
            return Fraction.ANY;
        }
        if (lo != null && lo.isEmpty() && loExcl) {
            if (hi != null && hi.isEmpty()) {
                return new Fraction(false, List.of());
            }
            if (hi == null) {
                // any positive fraction: zeros, then a non-zero digit
                return new Fraction(false, List.of(Expr.seq(new Expr.Repeat(Expr.lit("0"), 0, MAX_FRACTION - 1),
                        Expr.range('1', '9'), new Expr.Repeat(DIGIT, 0, MAX_FRACTION - 1))));
            }
        }
        if (hi != null && hi.isEmpty() && lo == null) {
            return hiExcl ? new Fraction(false, List.of()) : new Fraction(true, List.of(new Expr.Repeat(Expr.lit("0"), 1, MAX_FRACTION)));
        }
        boolean empty = lo == null && (hi == null || !hi.isEmpty() || !hiExcl);
        List<Expr> led = new ArrayList<>();
        int l0 = lo == null || lo.isEmpty() ? 0 : lo.charAt(0) - '0';
        int u0 = hi == null || hi.isEmpty() ? 0 : hi.charAt(0) - '0';
        int freeFrom = -1;
        for (int d = 0; d <= 9; d++) {
            boolean lowerFree = lo == null || d > l0 || (lo.isEmpty() && d > 0);
            boolean upperFree = hi == null || (!hi.isEmpty() && d < u0);
            boolean lowerDead = lo != null && !lo.isEmpty() && d < l0;
            boolean upperDead = hi != null && (hi.isEmpty() ? d > 0 : d > u0);
            if (lowerDead || upperDead) {
                freeFrom = flush(led, freeFrom, d);
                continue;
            }
            if (lowerFree && upperFree) {
                if (freeFrom < 0) {
                    freeFrom = d;
                }
                continue;
            }
            freeFrom = flush(led, freeFrom, d);
            String lo2 = lowerFree ? null : (lo.isEmpty() ? "" : lo.substring(1));
            String hi2 = upperFree ? null : (hi.isEmpty() ? "" : hi.substring(1));
            Fraction rest = fraction(lo2, loExcl, hi2, hiExcl);
            Expr digit = Expr.lit(String.valueOf(d));
            List<Expr> tail = new ArrayList<>(rest.digitLed());
            if (rest.empty()) {
                tail.add(Expr.EMPTY);
            }
            if (!tail.isEmpty()) {
                led.add(Expr.seq(digit, Expr.alt(tail)));
            }
        }
        flush(led, freeFrom, 10);
        return new Fraction(empty, led);
    }

    private static int flush(List<Expr> led, int freeFrom, int d) {
        if (freeFrom >= 0) {
            led.add(Expr.seq(Expr.range('0' + freeFrom, '0' + d - 1), new Expr.Repeat(DIGIT, 0, MAX_FRACTION - 1)));
        }
        return -1;
    }

    /** Naturals in [lo, hi] without leading zeros; hi null = unbounded (cut at {@link #MAX_DIGITS} digits). */
    static Expr naturals(BigInteger lo, BigInteger hi) {
        int maxDigits = Math.max(MAX_DIGITS, lo.toString().length());
        BigInteger cap = BigInteger.TEN.pow(maxDigits).subtract(BigInteger.ONE);
        if (hi == null || hi.compareTo(cap) > 0) {
            hi = cap;
        }
        if (lo.compareTo(hi) > 0) {
            return Expr.NOTHING;
        }
        int la = lo.toString().length();
        int lb = hi.toString().length();
        List<Expr> out = new ArrayList<>();
        if (la == lb) {
            out.add(fixed(lo.toString(), hi.toString()));
            return Expr.alt(out);
        }
        out.add(fixed(lo.toString(), "9".repeat(la)));
        if (lb - la >= 2) {
            out.add(Expr.seq(Expr.range('1', '9'), new Expr.Repeat(DIGIT, la, lb - 2)));
        }
        out.add(fixed("1" + "0".repeat(lb - 1), hi.toString()));
        return Expr.alt(out);
    }

    /** Digit strings of one length between x and y (inclusive, x <= y). */
    private static Expr fixed(String x, String y) {
        int n = x.length();
        if (n == 0) {
            return Expr.EMPTY;
        }
        if (x.equals(y)) {
            return Expr.lit(x);
        }
        char x0 = x.charAt(0);
        char y0 = y.charAt(0);
        String xr = x.substring(1);
        String yr = y.substring(1);
        if (x0 == y0) {
            return Expr.seq(Expr.lit(String.valueOf(x0)), fixed(xr, yr));
        }
        boolean xLow = xr.chars().allMatch(c -> c == '0');
        boolean yHigh = yr.chars().allMatch(c -> c == '9');
        List<Expr> out = new ArrayList<>();
        char midLo = xLow ? x0 : (char) (x0 + 1);
        char midHi = yHigh ? y0 : (char) (y0 - 1);
        if (!xLow) {
            out.add(Expr.seq(Expr.lit(String.valueOf(x0)), fixed(xr, "9".repeat(n - 1))));
        }
        if (midLo <= midHi) {
            out.add(n == 1 ? Expr.range(midLo, midHi) : Expr.seq(Expr.range(midLo, midHi), new Expr.Repeat(DIGIT, n - 1, n - 1)));
        }
        if (!yHigh) {
            out.add(Expr.seq(Expr.lit(String.valueOf(y0)), fixed("0".repeat(n - 1), yr)));
        }
        return Expr.alt(out);
    }
}
