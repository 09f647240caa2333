package dev.mlxgguf.testkit.speech;

/**
 * A triangular mel filter bank as whisper stores it ({@code n_mel} rows of {@code n_fft / 2 + 1} weights), with
 * the HTK mel scale and area normalisation (Slaney style), covering 0 Hz to half the sample rate.
 */
final class MelFilters {

    private MelFilters() {
    }

    /**
     * Computes the bank.
     *
     * @param mels       number of bands
     * @param fftSize    FFT length (whisper: 400)
     * @param sampleRate sample rate (whisper: 16000)
     * @return {@code mels * (fftSize / 2 + 1)} weights, band-major
     */
    static float[] bank(int mels, int fftSize, int sampleRate) {
        int bins = fftSize / 2 + 1;
        double maxMel = mel(sampleRate / 2.0);
        double[] edges = new double[mels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(maxMel * i / (mels + 1));
        }
        float[] bank = new float[mels * bins];
        for (int m = 0; m < mels; m++) {
            double lo = edges[m];
            double mid = edges[m + 1];
            double hi = edges[m + 2];
            double norm = 2.0 / (hi - lo);
            for (int b = 0; b < bins; b++) {
                double f = (double) b * sampleRate / fftSize;
                double w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
                bank[m * bins + b] = (float) (w * norm);
            }
        }
        return bank;
    }

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
