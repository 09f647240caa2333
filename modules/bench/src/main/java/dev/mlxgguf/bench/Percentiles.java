package dev.mlxgguf.bench;

import java.util.Arrays;

/**
 * Nearest-rank percentiles of a sample.
 *
 * @param count how many values
 * @param p50   median
 * @param p95   95th percentile
 * @param p99   99th percentile
 * @param mean  arithmetic mean
 */
record Percentiles(int count, double p50, double p95, double p99, double mean) {

    static final Percentiles EMPTY = new Percentiles(0, 0, 0, 0, 0);

    static Percentiles of(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return new Percentiles(v.length, rank(v, 50), rank(v, 95), rank(v, 99), Arrays.stream(v).average().orElse(0));
    }

    private static double rank(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
