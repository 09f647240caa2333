package dev.mlxgguf.server.stats;

import oshi.hardware.CentralProcessor;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the host processes (RSS, CPU% between two samples) and the whole machine's CPU use on one
 * daemon thread, using OSHI's JNA-free {@code /proc} reader so the server JVM never loads JNA.
 * Where that reader is unavailable (not Linux), CPU comes from {@link ProcessHandle} and RSS is 0.
 *
 * <p>Thread-safe; readers get the latest completed sample without blocking.
 */
public final class ProcessMonitor implements MachineLoad, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProcessMonitor.class.getName());

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("process-monitor").factory());
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
    private final int cores = Runtime.getRuntime().availableProcessors();

    private volatile OperatingSystem os;
    private volatile CentralProcessor cpu;
    private volatile long[] lastTicks;
    private volatile double externalBusyCores;

    /**
     * Starts sampling.
     *
     * @param interval time between samples
     */
    public ProcessMonitor(Duration interval) {

        timer.execute(this::init);
        timer.scheduleWithFixedDelay(this::sampleAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching a process.
     *
     * @param pid the process
     */
    public void watch(long pid) {
        watched.computeIfAbsent(pid, p -> new Watched());
        timer.execute(() -> measure(pid));
    }

    /**
     * Stops watching a process.
     *
     * @param pid the process
     */
    public void unwatch(long pid) {
        watched.remove(pid);
    }

    /**
     * The latest sample of a watched process.
     *
     * @param pid the process
     * @return its sample, or zeros before the first one
     */
    public ProcessSample sample(long pid) {
        Watched w = watched.get(pid);
        return w == null || w.latest == null ? new ProcessSample(pid, 0, 0) : w.latest;
    }

    /** {@return cores busy with work other than the watched processes, over the latest interval} */
    @Override
    public double externalBusyCores() {
        return externalBusyCores;
    }

    /** {@return the number of cores of this machine} */
    @Override
    public int cores() {
        return cores;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void init() {
        try {
            oshi.nativefree.SystemInfo si = new oshi.nativefree.SystemInfo();
            if (si.isAvailable()) {
                os = si.getOperatingSystem();
                cpu = si.getHardware().getProcessor();
                lastTicks = cpu.getSystemCpuLoadTicks();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "process statistics limited: " + e);
        }
    }

    private void sampleAll() {
        double hostsBusy = 0;
        for (Long pid : watched.keySet()) {
            hostsBusy += measure(pid).cpuPercent() / 100.0;
        }
        CentralProcessor p = cpu;
        if (p != null) {
            long[] ticks = p.getSystemCpuLoadTicks();
            double busy = p.getSystemCpuLoadBetweenTicks(lastTicks) * cores;
            lastTicks = ticks;
            externalBusyCores = Math.max(0, busy - hostsBusy);
        }
    }

    private ProcessSample measure(long pid) {
        Watched w = watched.get(pid);
        if (w == null) {
            return new ProcessSample(pid, 0, 0);
        }
        OperatingSystem system = os;
        ProcessSample s;
        if (system != null) {
            OSProcess now = system.getProcess((int) pid);
            if (now == null) {
                return new ProcessSample(pid, 0, 0);
            }
            double cpuPct = w.previous == null ? 0 : now.getProcessCpuLoadBetweenTicks(w.previous) * 100.0;
            w.previous = now;
            s = new ProcessSample(pid, now.getResidentMemory(), cpuPct);
        } else {
            s = fromProcessHandle(pid, w);
        }
        w.latest = s;
        return s;
    }

    private ProcessSample fromProcessHandle(long pid, Watched w) {
        Optional<Duration> total = ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration());
        long nowNanos = System.nanoTime();
        double cpuPct = 0;
        if (total.isPresent() && w.lastCpuNanos >= 0) {
            cpuPct = 100.0 * (total.get().toNanos() - w.lastCpuNanos) / Math.max(1, nowNanos - w.lastSampleNanos);
        }
        w.lastCpuNanos = total.map(Duration::toNanos).orElse(-1L);
        w.lastSampleNanos = nowNanos;
        return new ProcessSample(pid, 0, Math.max(0, cpuPct));
    }

    /** Sampling state of one process; touched only by the sampling thread (latest is read by others). */
    private static final class Watched {
        private OSProcess previous;
        private long lastCpuNanos = -1;
        private long lastSampleNanos;
        private volatile ProcessSample latest;
    }

}
