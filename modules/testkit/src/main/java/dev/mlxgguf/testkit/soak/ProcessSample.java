package dev.mlxgguf.testkit.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One reading of a process from Linux {@code /proc}.
 *
 * @param seconds since the soak started
 * @param rssKb   resident set size
 * @param openFds open file descriptors
 * @param threads threads
 */
record ProcessSample(long seconds, long rssKb, long openFds, long threads) {

    static ProcessSample of(long pid, long seconds) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long rss = 0;
        long threads = 0;
        try {
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("\\D", ""));
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new ProcessSample(seconds, 0, 0, 0);
        }
        long fds;
        try (Stream<Path> s = Files.list(proc.resolve("fd"))) {
            fds = s.count();
        } catch (IOException e) {
            fds = 0;
        }
        return new ProcessSample(seconds, rss, fds, threads);
    }
}
