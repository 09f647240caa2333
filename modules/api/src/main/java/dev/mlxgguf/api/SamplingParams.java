package dev.mlxgguf.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.Collections;

/**
 * Sampling parameters, applied by every engine. Values are range-checked here, so an engine can
 * trust them; the server maps out-of-range request fields to a 400 naming the field before building one.
 *
 * @param temperature            0 = greedy (argmax); otherwise logits are divided by it
 * @param topP                   nucleus sampling, (0, 1]; 1 disables
 * @param topK                   keep the k most likely tokens; 0 disables
 * @param minP                   drop tokens below {@code minP * p(max)}, [0, 1]; 0 disables
 * @param typicalP               locally typical sampling, (0, 1]; 1 disables
 * @param repetitionPenalty      divides positive / multiplies negative logits of recent tokens; 1 disables
 * @param repetitionContextSize  how many recent tokens the penalties look at
 * @param frequencyPenalty       subtracted per occurrence of a recent token, [-2, 2]
 * @param presencePenalty        subtracted once for every recent token, [-2, 2]
 * @param mirostatMode           0 off, 1 mirostat, 2 mirostat v2
 * @param mirostatTau            mirostat target entropy
 * @param mirostatEta            mirostat learning rate
 * @param seed                   random seed; {@code null} = a fresh random seed per request
 * @param logitBias              token id to bias added to its logit (-100 bans, +100 forces)
 */
public record SamplingParams(double temperature, double topP, int topK, double minP, double typicalP,
                             double repetitionPenalty, int repetitionContextSize, double frequencyPenalty,
                             double presencePenalty, int mirostatMode, double mirostatTau, double mirostatEta,
                             Long seed, Map<Integer, Double> logitBias) {

    /** Validates and copies. */
    public SamplingParams {
        check(temperature >= 0 && Double.isFinite(temperature), "temperature", "must be >= 0");
        check(topP > 0 && topP <= 1, "top_p", "must be in (0, 1]");
        check(topK >= 0, "top_k", "must be >= 0");
        check(minP >= 0 && minP <= 1, "min_p", "must be in [0, 1]");
        check(typicalP > 0 && typicalP <= 1, "typical_p", "must be in (0, 1]");
        check(repetitionPenalty > 0 && Double.isFinite(repetitionPenalty), "repetition_penalty", "must be > 0");
        check(repetitionContextSize >= 0, "repetition_context_size", "must be >= 0");
        check(frequencyPenalty >= -2 && frequencyPenalty <= 2, "frequency_penalty", "must be in [-2, 2]");
        check(presencePenalty >= -2 && presencePenalty <= 2, "presence_penalty", "must be in [-2, 2]");
        check(mirostatMode >= 0 && mirostatMode <= 2, "mirostat_mode", "must be 0, 1 or 2");
        check(mirostatTau > 0 && Double.isFinite(mirostatTau), "mirostat_tau", "must be > 0");
        check(mirostatEta > 0 && Double.isFinite(mirostatEta), "mirostat_eta", "must be > 0");
        logitBias = logitBias == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(logitBias));
        for (Map.Entry<Integer, Double> e : logitBias.entrySet()) {
            check(e.getKey() >= 0, "logit_bias", "token ids must be >= 0");
            check(Double.isFinite(e.getValue()), "logit_bias", "bias must be a finite number");
        }
    }

    /** {@return the defaults of the original server: temperature 1, top_p 1, top_k 40, min_p 0.05, no penalties} */
    public static SamplingParams defaults() {
        return builder().build();
    }

    /** {@return a builder starting from the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder starting from these values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.temperature = temperature;
        b.topP = topP;
        b.topK = topK;
        b.minP = minP;
        b.typicalP = typicalP;
        b.repetitionPenalty = repetitionPenalty;
        b.repetitionContextSize = repetitionContextSize;
        b.frequencyPenalty = frequencyPenalty;
        b.presencePenalty = presencePenalty;
        b.mirostatMode = mirostatMode;
        b.mirostatTau = mirostatTau;
        b.mirostatEta = mirostatEta;
        b.seed = seed;
        b.logitBias = logitBias;
        return b;
    }

    /** {@return true when sampling is deterministic argmax} */
    public boolean greedy() {
        return temperature == 0 && mirostatMode == 0;
    }

    private static void check(boolean ok, String param, String what) {
        if (!ok) {
            throw new InvalidRequestException(param + " " + what, param);
        }
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private double temperature = 1.0;
        private double topP = 1.0;
        private int topK = 40;
        private double minP = 0.05;
        private double typicalP = 1.0;
        private double repetitionPenalty = 1.0;
        private int repetitionContextSize = 20;
        private double frequencyPenalty;
        private double presencePenalty;
        private int mirostatMode;
        private double mirostatTau = 5.0;
        private double mirostatEta = 0.1;
        private Long seed;
        private Map<Integer, Double> logitBias = Map.of();

        private Builder() {
        }

        /** @param v temperature @return this */
        public Builder temperature(double v) { temperature = v; return this; }
        /** @param v top_p @return this */
        public Builder topP(double v) { topP = v; return this; }
        /** @param v top_k @return this */
        public Builder topK(int v) { topK = v; return this; }
        /** @param v min_p @return this */
        public Builder minP(double v) { minP = v; return this; }
        /** @param v typical_p @return this */
        public Builder typicalP(double v) { typicalP = v; return this; }
        /** @param v repetition_penalty @return this */
        public Builder repetitionPenalty(double v) { repetitionPenalty = v; return this; }
        /** @param v repetition_context_size @return this */
        public Builder repetitionContextSize(int v) { repetitionContextSize = v; return this; }
        /** @param v frequency_penalty @return this */
        public Builder frequencyPenalty(double v) { frequencyPenalty = v; return this; }
        /** @param v presence_penalty @return this */
        public Builder presencePenalty(double v) { presencePenalty = v; return this; }
        /** @param v mirostat_mode @return this */
        public Builder mirostatMode(int v) { mirostatMode = v; return this; }
        /** @param v mirostat_tau @return this */
        public Builder mirostatTau(double v) { mirostatTau = v; return this; }
        /** @param v mirostat_eta @return this */
        public Builder mirostatEta(double v) { mirostatEta = v; return this; }
        /** @param v seed, or null for random @return this */
        public Builder seed(Long v) { seed = v; return this; }
        /** @param v token id to bias @return this */
        public Builder logitBias(Map<Integer, Double> v) { logitBias = v; return this; }

        /** {@return the validated parameters} @throws InvalidRequestException naming the bad field */
        public SamplingParams build() {
            return new SamplingParams(temperature, topP, topK, minP, typicalP, repetitionPenalty,
                    repetitionContextSize, frequencyPenalty, presencePenalty, mirostatMode, mirostatTau,
                    mirostatEta, seed, logitBias);
        }
    }
}
