package dev.mlxgguf.host.protocol;

/**
 * Counters a host reports with each {@link FromHost.Pong}.
 *
 * @param tokensGenerated total tokens generated since the host started
 * @param requestsServed  generations finished (any outcome)
 * @param runningRequest  id of the generation running now, or empty
 * @param runningTokens   tokens generated so far by the running generation
 */
public record HostStats(long tokensGenerated, long requestsServed, String runningRequest, long runningTokens) {

    /** Checks the components: a null or out-of-range one throws. */
    public HostStats {
        runningRequest = runningRequest == null ? "" : runningRequest;
    }
}
