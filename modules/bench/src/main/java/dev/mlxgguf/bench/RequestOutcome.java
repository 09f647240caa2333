package dev.mlxgguf.bench;

/**
 * One benchmark request's measurements.
 *
 * @param ok               true when it completed with a finish reason
 * @param error            the failure, "" when ok
 * @param ttftMillis       request sent to first generated text
 * @param latencyMillis    request sent to end of stream
 * @param completionTokens generated tokens (the server's usage, else text chunks counted)
 * @param decodeMillis     first to last generated text
 * @param cachedTokens     prompt tokens the server reused from its prompt cache (0 if it does not say)
 * @param engineTimes      the engine's own prompt and generation times, as the server reported them in
 *                         {@code usage.prompt_eval_time} / {@code usage.generation_time} (zeros if it does not)
 */
record RequestOutcome(boolean ok, String error, double ttftMillis, double latencyMillis, int completionTokens,
                      double decodeMillis, int cachedTokens, EngineTimes engineTimes) {

    /**
     * What the engine itself measured.
     *
     * @param promptMillis     prompt processing
     * @param generationMillis from the end of the prompt to the last token
     */
    record EngineTimes(double promptMillis, double generationMillis) {
        static final EngineTimes NONE = new EngineTimes(0, 0);
    }

    static RequestOutcome failed(String error, double latencyMillis) {
        return new RequestOutcome(false, error, 0, latencyMillis, 0, 0, 0, EngineTimes.NONE);
    }

    /** {@return the engine's decode tokens per second (tokens after the first over its generation time), 0 if unknown} */
    double engineDecodeTokensPerSecond() {
        double ms = engineTimes.generationMillis();
        return completionTokens > 1 && ms > 0 ? (completionTokens - 1) / (ms / 1000.0) : 0;
    }

    /**
     * {@return time to first token minus the engine's prompt time: what HTTP, queueing, the host hop and the
     * first sample cost; -1 if the engine time is unknown}
     */
    double overheadMillis() {
        return engineTimes.promptMillis() > 0 ? ttftMillis - engineTimes.promptMillis() : -1;
    }

    /** {@return decode tokens per second of this stream (tokens after the first over the decode time)} */
    double decodeTokensPerSecond() {
        return completionTokens > 1 && decodeMillis > 0 ? (completionTokens - 1) / (decodeMillis / 1000.0) : 0;
    }
}
