package dev.mlxgguf.grammar;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NumberRangesTest {

    private static Grammar grammar(Expr e) {
        Map<String, Expr> rules = new LinkedHashMap<>();
        rules.put("root", e);
        return Grammar.of(rules, "root");
    }

    @Test
    void integersMatchExactlyTheRangeOverEveryShortNumeral() {
        Random rnd = new Random(7);
        for (int round = 0; round < 60; round++) {
            BigInteger lo = rnd.nextInt(4) == 0 ? null : BigInteger.valueOf(rnd.nextInt(2400) - 1200);
            BigInteger hi = rnd.nextInt(4) == 0 ? null : BigInteger.valueOf(rnd.nextInt(2400) - 1200);
            if (lo != null && hi != null && lo.compareTo(hi) > 0) {
                BigInteger t = lo;
                lo = hi;
                hi = t;
            }
            Grammar g = grammar(NumberRanges.integers(lo, hi));
            for (int v = -3000; v <= 3000; v++) {
                boolean in = (lo == null || lo.intValue() <= v) && (hi == null || v <= hi.intValue());
                assertEquals(in, Texts.matches(g, Integer.toString(v)), "[" + lo + ", " + hi + "] " + v);
            }
            // non-canonical spellings never match
            assertEquals(false, Texts.matches(g, "-0"));
            assertEquals(false, Texts.matches(g, "007"));
        }
    }

    @Test
    void decimalsMatchExactlyTheRangeOverEveryShortDecimal() {
        Random rnd = new Random(11);
        String[] bounds = {"0", "0.5", "1", "1.25", "-1.5", "12.05", "-0.05", "3", "99.9", "-20", "0.001", "7.5"};
        for (int round = 0; round < 80; round++) {
            BigDecimal lo = rnd.nextInt(4) == 0 ? null : new BigDecimal(bounds[rnd.nextInt(bounds.length)]);
            BigDecimal hi = rnd.nextInt(4) == 0 ? null : new BigDecimal(bounds[rnd.nextInt(bounds.length)]);
            if (lo != null && hi != null && lo.compareTo(hi) > 0) {
                BigDecimal t = lo;
                lo = hi;
                hi = t;
            }
            boolean lx = rnd.nextBoolean();
            boolean hx = rnd.nextBoolean();
            if (lo != null && hi != null && lo.compareTo(hi) == 0 && (lx || hx)) {
                continue;
            }
            Grammar g = grammar(NumberRanges.decimals(lo, lx, hi, hx));
            for (int i = -2500; i <= 2500; i++) {
                for (int scale = 0; scale <= 3; scale++) {
                    BigDecimal v = BigDecimal.valueOf(i, scale);
                    String text = v.toPlainString();
                    boolean in = (lo == null || (lx ? v.compareTo(lo) > 0 : v.compareTo(lo) >= 0))
                            && (hi == null || (hx ? v.compareTo(hi) < 0 : v.compareTo(hi) <= 0));
                    if (text.startsWith("-") && v.signum() == 0) {
                        continue;
                    }
                    assertEquals(in, Texts.matches(g, text), (lx ? "(" : "[") + lo + ", " + hi + (hx ? ")" : "]") + " " + text);
                }
            }
        }
    }
}
