package dev.mlxgguf.testkit.speech;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Speech-like test audio synthesised in code: "words" of one to three syllables separated by pauses; each
 * syllable is a voiced sound with a gliding pitch (90–220 Hz), harmonics up to 3.5 kHz shaped by the three
 * formants of one of five vowels, and a smooth loudness envelope.
 *
 * <p>The signal is an analytic function of time (a closed-form phase per syllable), so the same seed gives
 * the same sound at any sample rate from 8 kHz up: samples at 44.1 kHz, resampled to 16 kHz, match the samples
 * synthesised at 16 kHz up to the resampler's error. Everything lies below 3.5 kHz, under the Nyquist frequency
 * of 8 kHz audio with room for a resampler's transition band. Peak amplitude is at most 0.6.
 */
public final class SpeechLikeAudio {

    /** Vowel formants (F1, F2, F3) in Hz: a, e, i, o, u. */
    private static final double[][] VOWELS = {{730, 1090, 2440}, {530, 1840, 2480}, {270, 2290, 3010},
        {570, 840, 2410}, {300, 870, 2240}};
    private static final double MAX_HARMONIC_HZ = 3500;

    private final List<Syllable> syllables;
    private final double seconds;

    private SpeechLikeAudio(List<Syllable> syllables, double seconds) {
        this.syllables = syllables;
        this.seconds = seconds;
    }

    /**
     * Plans a clip: the word and pause layout and each syllable's pitch and vowel.
     *
     * @param seconds length of the clip
     * @param seed    layout seed
     * @return the clip, ready to be sampled at any rate
     */
    public static SpeechLikeAudio plan(double seconds, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Syllable> list = new ArrayList<>();
        double t = 0.15 + r.nextDouble() * 0.2;
        while (t < seconds - 0.3) {
            int count = 1 + r.nextInt(3);
            for (int i = 0; i < count && t < seconds - 0.3; i++) {
                double d = 0.14 + r.nextDouble() * 0.16;
                double f0 = 90 + r.nextDouble() * 130;
                list.add(new Syllable(t, d, f0, f0 * (0.85 + r.nextDouble() * 0.3), VOWELS[r.nextInt(VOWELS.length)]));
                t += d + 0.01;
            }
            t += 0.15 + r.nextDouble() * 0.45;
        }
        return new SpeechLikeAudio(List.copyOf(list), seconds);
    }

    /**
     * Convenience: plans and samples in one call.
     *
     * @param seconds    clip length
     * @param sampleRate samples per second
     * @param seed       layout seed
     * @return mono samples
     */
    public static float[] generate(double seconds, int sampleRate, long seed) {
        return plan(seconds, seed).samples(sampleRate);
    }

    /**
     * Samples the clip.
     *
     * @param sampleRate samples per second (8000 and up keeps every harmonic below Nyquist)
     * @return {@code round(seconds * sampleRate)} mono samples in [-0.6, 0.6]
     */
    public float[] samples(int sampleRate) {
        float[] out = new float[(int) Math.round(seconds * sampleRate)];
        for (Syllable s : syllables) {
            int from = (int) Math.ceil(s.start * sampleRate);
            int to = Math.min(out.length, (int) Math.floor((s.start + s.duration) * sampleRate));
            double[] gains = s.harmonicGains(Math.min(MAX_HARMONIC_HZ, 0.45 * sampleRate));
            for (int i = from; i < to; i++) {
                out[i] += (float) s.value((double) i / sampleRate, gains);
            }
        }
        return out;
    }

    /** One voiced syllable. */
    private record Syllable(double start, double duration, double f0Start, double f0End, double[] formants) {

        /** Harmonic amplitudes (index 0 = fundamental), summing to 0.6, from the vowel's formant envelope. */
        double[] harmonicGains(double maxHz) {
            double f0max = Math.max(f0Start, f0End);
            int count = Math.max(1, (int) (maxHz / f0max));
            double[] g = new double[count];
            double sum = 0;
            for (int k = 0; k < count; k++) {
                // The envelope is taken at the mean pitch so that gains are constant within the syllable.
                double f = (k + 1) * (f0Start + f0End) / 2;
                double e = 0.02;
                for (int j = 0; j < formants.length; j++) {
                    double bw = 80 + 40 * j;
                    e += Math.exp(-Math.pow((f - formants[j]) / bw, 2)) / (j + 1);
                }
                g[k] = e / (k + 1);
                sum += g[k];
            }
            for (int k = 0; k < count; k++) {
                g[k] *= 0.6 / sum;
            }
            return g;
        }

        double value(double t, double[] gains) {
            double tau = t - start;
            if (tau < 0 || tau > duration) {
                return 0;
            }
            // Linear pitch glide: phase is the integral of f0.
            double theta = 2 * Math.PI * (f0Start * tau + (f0End - f0Start) * tau * tau / (2 * duration));
            double envelope = Math.pow(Math.sin(Math.PI * tau / duration), 2);
            // sin(k*theta) by the Chebyshev recurrence: one sin and one cos per sample.
            double c2 = 2 * Math.cos(theta);
            double prev = 0;
            double cur = Math.sin(theta);
            double sum = 0;
            for (double gain : gains) {
                sum += gain * cur;
                double next = c2 * cur - prev;
                prev = cur;
                cur = next;
            }
            return envelope * sum;
        }
    }
}
