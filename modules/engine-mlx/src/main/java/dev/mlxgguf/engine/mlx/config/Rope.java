package dev.mlxgguf.engine.mlx.config;

/**
 * Rotary position embedding of one attention layer, as MLX's {@code fast.rope} computes it: pair j of the
 * first {@link #dims()} features of each head is rotated by {@code position * invFreq[j]} after those
 * features are multiplied by {@link #mscale()}. Non-traditional (HF) layout rotates
 * {@code (x[j], x[j + dims/2])}; traditional rotates {@code (x[2j], x[2j+1])}. Immutable.
 */
public final class Rope {

    private final int dims;
    private final float[] invFreq;
    private final float mscale;
    private final boolean traditional;

    private Rope(int dims, float[] invFreq, float mscale, boolean traditional) {
        this.dims = dims;
        this.invFreq = invFreq;
        this.mscale = mscale;
        this.traditional = traditional;
    }

    /**
     * Builds the rotation for a scaling type, following mlx_lm's {@code initialize_rope}.
     *
     * @param dims         rotated features per head (even)
     * @param base         {@code rope_theta}
     * @param scaling      the scaling entry
     * @param maxPositions {@code max_position_embeddings}
     * @param traditional  adjacent-pair layout
     * @return the rotation
     */
    public static Rope of(int dims, double base, RopeScaling scaling, int maxPositions, boolean traditional) {
        int half = dims / 2;
        double[] period = new double[half];
        for (int j = 0; j < half; j++) {
            period[j] = Math.pow(base, (2.0 * j) / dims);
        }
        double scale = 1.0;
        double mscale = 1.0;
        switch (scaling) {
            case RopeScaling.None n -> {
            }
            case RopeScaling.Linear l -> scale = 1.0 / l.factor();
            case RopeScaling.Llama3 l -> llama3(period, l);
            case RopeScaling.Yarn y -> mscale = yarn(period, dims, base, y);
            case RopeScaling.LongRope r -> {
                if (r.longFactor().size() != half) {
                    throw new IllegalArgumentException("longrope long_factor has " + r.longFactor().size()
                            + " entries, expected " + half);
                }
                for (int j = 0; j < half; j++) {
                    period[j] *= r.longFactor().get(j);
                }
                if (maxPositions > r.originalMaxPos()) {
                    mscale = Math.sqrt(1 + Math.log(maxPositions / r.originalMaxPos()) / Math.log(r.originalMaxPos()));
                }
            }
        }
        float[] inv = new float[half];
        for (int j = 0; j < half; j++) {
            inv[j] = (float) (scale / period[j]);
        }
        return new Rope(dims, inv, (float) mscale, traditional);
    }

    private static void llama3(double[] period, RopeScaling.Llama3 l) {
        double lowWavelen = l.originalMaxPos() / l.lowFreqFactor();
        double highWavelen = l.originalMaxPos() / l.highFreqFactor();
        for (int j = 0; j < period.length; j++) {
            double wavelen = 2 * Math.PI * period[j];
            if (wavelen > lowWavelen) {
                period[j] *= l.factor();
            } else if (wavelen > highWavelen) {
                double smooth = (l.originalMaxPos() / wavelen - l.lowFreqFactor()) / (l.highFreqFactor() - l.lowFreqFactor());
                period[j] = period[j] / ((1 - smooth) / l.factor() + smooth);
            }
        }
    }

    private static double yarn(double[] period, int dims, double base, RopeScaling.Yarn y) {
        double low = Math.max(Math.floor(correctionDim(y.betaFast(), dims, base, y.originalMaxPos())), 0);
        double high = Math.min(Math.ceil(correctionDim(y.betaSlow(), dims, base, y.originalMaxPos())), dims - 1);
        if (low == high) {
            high += 0.001;
        }
        for (int j = 0; j < period.length; j++) {
            double ramp = Math.min(1, Math.max(0, (j - low) / (high - low)));
            double inv = 1 / period[j];
            double mixed = (1 - ramp) * inv + ramp * inv / y.factor();
            period[j] = 1 / mixed;
        }
        return yarnScale(y.factor(), y.mscale()) / yarnScale(y.factor(), y.mscaleAllDim());
    }

    private static double correctionDim(double rotations, int dims, double base, double maxPos) {
        return dims * Math.log(maxPos / (rotations * 2 * Math.PI)) / (2 * Math.log(base));
    }

    private static double yarnScale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }

    /** {@return the rotated features per head} */
    public int dims() {
        return dims;
    }

    /** {@return the factor applied to the rotated features (1 for most types)} */
    public float mscale() {
        return mscale;
    }

    /** {@return whether adjacent pairs are rotated} */
    public boolean traditional() {
        return traditional;
    }

    /**
     * @param j a pair index
     * @return its inverse frequency (radians per position)
     */
    public float invFreq(int j) {
        return invFreq[j];
    }
}
