package dev.mlxgguf.engine.whisper.audio;

/**
 * Band-limited resampling to 16 kHz: each output sample is the input convolved with a Kaiser-windowed sinc
 * (β = 8.6, 12 zero crossings on each side) whose cut-off is 95 % of the lower Nyquist frequency, so
 * downsampling does not alias. The kernel is tabulated (512 points per zero crossing, linear interpolation).
 * Samples beyond the ends count as silence. Stateless and thread-safe.
 */
final class Resampler {

    /** whisper's input rate. */
    static final int TARGET_RATE = 16_000;

    private static final int ZEROS = 12;
    private static final int RESOLUTION = 512;
    private static final double ROLLOFF = 0.95;
    private static final double BETA = 8.6;
    /** The windowed sinc on [0, ZEROS] zero crossings, step 1 / RESOLUTION. */
    private static final float[] KERNEL = kernel();

    private Resampler() {
    }

    /**
     * Resamples to {@link #TARGET_RATE}.
     *
     * @param in     mono samples
     * @param inRate their rate
     * @return {@code round(in.length * 16000 / inRate)} samples ({@code in} itself when the rate is already 16 kHz)
     */
    static float[] to16k(float[] in, int inRate) {
        if (inRate == TARGET_RATE) {
            return in;
        }
        double ratio = (double) TARGET_RATE / inRate;
        // Cut-off and kernel width in input samples: downsampling narrows the pass band and widens the kernel.
        double scale = Math.min(1.0, ratio) * ROLLOFF;
        double halfWidth = ZEROS / scale;
        float[] out = new float[(int) Math.round(in.length * ratio)];
        for (int n = 0; n < out.length; n++) {
            double center = n / ratio;
            int from = Math.max(0, (int) Math.ceil(center - halfWidth));
            int to = Math.min(in.length - 1, (int) Math.floor(center + halfWidth));
            double acc = 0;
            for (int i = from; i <= to; i++) {
                acc += in[i] * kernelAt(Math.abs(i - center) * scale);
            }
            out[n] = (float) (acc * scale);
        }
        return out;
    }

    /** @param x distance in zero crossings @return the windowed sinc there */
    private static double kernelAt(double x) {
        double pos = x * RESOLUTION;
        int i = (int) pos;
        if (i >= KERNEL.length - 1) {
            return 0;
        }
        double frac = pos - i;
        return KERNEL[i] + (KERNEL[i + 1] - KERNEL[i]) * frac;
    }

    private static float[] kernel() {
        float[] k = new float[ZEROS * RESOLUTION + 2];
        double i0Beta = besselI0(BETA);
        for (int i = 0; i < k.length; i++) {
            double x = (double) i / RESOLUTION;
            if (x > ZEROS) {
                break;
            }
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = x / ZEROS;
            double window = besselI0(BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            k[i] = (float) (sinc * window);
        }
        return k;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
