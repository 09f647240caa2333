package dev.mlxgguf.engine.whisper.audio;

/** Comparisons of decoded audio with the reference signal. */
final class Signals {

    private Signals() {
    }

    /**
     * Signal-to-error ratio in dB of {@code actual} against {@code expected}, with {@code actual} shifted by {@code lag}
     * samples, over the overlap (ignoring {@code edge} samples at both ends, where resamplers and codecs ramp).
     *
     * @param expected the reference
     * @param actual   the decoded samples
     * @param lag      shift: actual[i + lag] is compared with expected[i]
     * @param edge     samples ignored at each end
     * @return the ratio in dB (higher is closer)
     */
    static double snrDb(float[] expected, float[] actual, int lag, int edge) {
        double signal = 0;
        double error = 0;
        for (int i = edge; i < expected.length - edge; i++) {
            int j = i + lag;
            double a = j >= 0 && j < actual.length ? actual[j] : 0;
            signal += (double) expected[i] * expected[i];
            error += (a - expected[i]) * (a - expected[i]);
        }
        return 10 * Math.log10(signal / Math.max(error, 1e-30));
    }

    /**
     * The shift within ±{@code maxLag} that best aligns {@code actual} with {@code expected} (codec delay).
     *
     * @param expected the reference
     * @param actual   the decoded samples
     * @param maxLag   largest shift tried
     * @return the best lag
     */
    static int bestLag(float[] expected, float[] actual, int maxLag) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double dot = 0;
            for (int i = 0; i < expected.length; i += 4) {
                int j = i + lag;
                if (j >= 0 && j < actual.length) {
                    dot += (double) expected[i] * actual[j];
                }
            }
            if (dot > bestScore) {
                bestScore = dot;
                best = lag;
            }
        }
        return best;
    }
}
