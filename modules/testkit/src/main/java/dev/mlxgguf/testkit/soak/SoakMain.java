package dev.mlxgguf.testkit.soak;

import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.TinyVocab;
import dev.mlxgguf.testkit.http.TestHttp;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.TinyWhisper;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SoakMain IMAGE WORK MINUTES [CLIENTS]}: the soak run of {@code jlink/soak.sh}. Writes tiny models, starts
 * the image's server (with transcription), loads a GGUF and an MLX model, then for MINUTES runs CLIENTS clients
 * ({@link SoakClient}: streams, non-streams, cancelled streams, transcriptions, loads and unloads) while a killer
 * SIGKILLs a random host every 15 to 30 s and a sampler records the server's RSS and open file descriptors every
 * 10 s (Linux {@code /proc}). At the end it stops the server and looks for orphan hosts.
 *
 * <p>Prints a summary and writes {@code WORK/soak-samples.csv}; exits 0 only if no request was lost, the medians of
 * RSS and open descriptors over the last five minutes are within 10 % of their medians over the five minutes after
 * warm-up (two minutes, or the first fifth of a shorter run; shorter windows for short runs), and no host outlived
 * the server.
 */
public final class SoakMain {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private SoakMain() {
    }

    /**
     * Runs the soak.
     *
     * @param args IMAGE WORK MINUTES [CLIENTS]
     * @throws Exception if the setup fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: soak IMAGE WORK MINUTES [CLIENTS]");
            System.exit(2);
        }
        Path image = Path.of(args[0]);
        Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Duration length = Duration.ofSeconds((long) (Double.parseDouble(args[2]) * 60));
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 8;

        Path models = Files.createDirectories(work.resolve("models"));
        TinyGguf.write(models, "chat.gguf", 5);
        TinyGguf.write(models, "spare.gguf", 6); // loaded and unloaded by the clients
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        MlxFolder.of(TinyArchModel.of(TinyArch.QWEN2, 42, vocab.size()), vocab, SafetensorsWriter.FloatType.BF16)
                .writeTo(models.resolve("tiny-mlx"));
        MlxFolder.of(TinyArchModel.of(TinyArch.QWEN2, 43, vocab.size()), vocab, SafetensorsWriter.FloatType.BF16)
                .writeTo(models.resolve("tiny-mlx-spare"));
        Path whisper = TinyWhisper.standard(7).writeTo(work.resolve("tiny-whisper.bin"));
        byte[] speech = Files.readAllBytes(WavWriter.write(work.resolve("speech.wav"),
                SpeechLikeAudio.generate(2, 16000, 3), 16000, 1, WavEncoding.PCM_S16, false));

        Process server = new ProcessBuilder(image.resolve("bin/mlx-gguf-server").toString(), "-p", "0",
                "--models-dir", models.toString(), "--kv-cache-dir", work.resolve("kv-cache").toString(),
                "--enable-whisper", "--whisper-model", whisper.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> log(server, work.resolve("server.log"), port));
        TestHttp http = new TestHttp("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS));
        require(http.post("/v1/internal/model/load", "{\"llm_model_name\": \"chat.gguf\"}", "X-Model-Id", "0").status());
        require(http.post("/v1/internal/model/load", "{\"llm_model_name\": \"tiny-mlx\"}", "X-Model-Id", "1").status());

        SoakTally tally = new SoakTally();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            SoakClient c = new SoakClient(http, speech, tally, 1000L + i);
            threads.add(Thread.ofPlatform().name("soak-client-" + i).start(() -> c.runUntil(end)));
        }
        SoakKiller killer = new SoakKiller(http, 99);
        Thread killing = Thread.ofPlatform().name("soak-killer").start(() -> killer.runUntil(end));
        List<ProcessSample> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            samples.add(ProcessSample.of(server.pid(), (System.nanoTime() - start) / 1_000_000_000L));
            TimeUnit.SECONDS.sleep(10); // the sampling period
        }
        for (Thread t : threads) {
            t.join();
        }
        killing.join();
        samples.add(ProcessSample.of(server.pid(), (System.nanoTime() - start) / 1_000_000_000L));
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(work.resolve("soak-samples.csv")))) {
            w.println("seconds,rss_kb,open_fds,threads");
            samples.forEach(s -> w.println(s.seconds() + "," + s.rssKb() + "," + s.openFds() + "," + s.threads()));
        }

        List<Long> hosts = hostPids(server.pid());
        server.destroy(); // SIGTERM: the server drains, stops its hosts and exits
        boolean exited = server.waitFor(90, TimeUnit.SECONDS);
        TimeUnit.SECONDS.sleep(2); // lets the kernel reap the hosts the server stopped
        long orphans = hosts.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();

        // Medians of the first five minutes after warm-up and of the last five: single readings swing with the
        // hosts alive and the connections open at that instant; a leak moves the median.
        long warmAt = Math.min(120, length.toSeconds() / 5);
        long window = Math.max(30, Math.min(300, (length.toSeconds() - warmAt) / 3));
        long endAt = samples.getLast().seconds();
        ProcessSample warm = median(samples.stream().filter(x -> x.seconds() >= warmAt && x.seconds() < warmAt + window)
                .toList());
        ProcessSample last = median(samples.stream().filter(x -> x.seconds() > endAt - window).toList());
        double rssDrift = (last.rssKb() - warm.rssKb()) / (double) warm.rssKb();
        double fdDrift = (last.openFds() - warm.openFds()) / (double) warm.openFds();
        System.out.println(tally.summary());
        System.out.printf("host kills: %d%n", killer.kills());
        System.out.printf("server RSS (median of %d s windows): %d kB after warm-up (from %d s), %d kB at the end (%+.1f %%),"
                + " max %d kB%n", window, warm.rssKb(), warmAt, last.rssKb(), 100 * rssDrift,
                samples.stream().mapToLong(ProcessSample::rssKb).max().orElse(0));
        System.out.printf("open file descriptors (medians): %d after warm-up, %d at the end (%+.1f %%), max %d%n",
                warm.openFds(), last.openFds(), 100 * fdDrift,
                samples.stream().mapToLong(ProcessSample::openFds).max().orElse(0));
        System.out.printf("server exited on SIGTERM: %s; orphan hosts: %d of %d%n", exited, orphans, hosts.size());
        boolean ok = tally.lost() == 0 && Math.abs(rssDrift) <= 0.10 && Math.abs(fdDrift) <= 0.10 && orphans == 0 && exited;
        System.out.println(ok ? "SOAK PASSED" : "SOAK FAILED");
        System.exit(ok ? 0 : 1);
    }

    /** {@return a sample of the medians of each reading} */
    private static ProcessSample median(List<ProcessSample> window) {
        if (window.isEmpty()) {
            throw new IllegalStateException("no samples in the window: run the soak for at least a few minutes");
        }
        return new ProcessSample(window.getFirst().seconds(), median(window, ProcessSample::rssKb),
                median(window, ProcessSample::openFds), median(window, ProcessSample::threads));
    }

    private static long median(List<ProcessSample> window, java.util.function.ToLongFunction<ProcessSample> f) {
        long[] v = window.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }

    private static void require(int status) {
        if (status != 200) {
            throw new IllegalStateException("setup request answered " + status);
        }
    }

    private static List<Long> hostPids(long server) {
        return ProcessHandle.of(server).map(p -> p.descendants()
                .filter(d -> d.info().commandLine().orElse("").contains("-Dmlxgguf.role=host"))
                .map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    private static void log(Process server, Path file, CompletableFuture<Integer> port) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter w = new PrintWriter(Files.newBufferedWriter(file), true)) {
            String line;
            while ((line = r.readLine()) != null) {
                w.println(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the server is gone
        }
        port.completeExceptionally(new IllegalStateException("the server exited before listening; see " + file));
    }
}
