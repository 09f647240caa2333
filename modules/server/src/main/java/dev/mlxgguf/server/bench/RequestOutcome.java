package dev.mlxgguf.server.bench;

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
 */
record RequestOutcome(boolean ok, String error, double ttftMillis, double latencyMillis, int completionTokens,
                      double decodeMillis, int cachedTokens) {

    static RequestOutcome failed(String error, double latencyMillis) {
        return new RequestOutcome(false, error, 0, latencyMillis, 0, 0, 0);
    }

    /** {@return decode tokens per second of this stream (tokens after the first over the decode time)} */
    double decodeTokensPerSecond() {
        return completionTokens > 1 && decodeMillis > 0 ? (completionTokens - 1) / (decodeMillis / 1000.0) : 0;
    }
}
