package dev.mlxgguf.server.stats;

/**
 * Resource use of one process over the latest sampling interval.
 *
 * @param pid        the process
 * @param rssBytes   resident memory
 * @param cpuPercent CPU use in percent of one core, averaged over the interval (may exceed 100)
 */
public record ProcessSample(long pid, long rssBytes, double cpuPercent) {
}
