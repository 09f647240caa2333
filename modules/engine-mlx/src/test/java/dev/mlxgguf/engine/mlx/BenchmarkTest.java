package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.engine.gguf.GgufEngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LogitsProbe;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.testkit.BenchModels;
import dev.mlxgguf.testkit.BenchShape;
import dev.mlxgguf.testkit.GgmlType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Prompt (pp512) and decode (tg128) speed of engine-mlx against llama.cpp (engine-gguf) on real-shaped
 * random models: Qwen2.5-0.5B and Llama-3.2-1B shapes, MLX 8/4-bit against GGUF Q8_0/Q4_0, same threads,
 * same run, each measured after one untimed pass of the same workload. Not part of the default build (tag
 * {@code bench}); run with
 * {@code mvn -pl modules/engine-mlx test -Dsurefire.excludedGroups= -Dgroups=bench}. System properties:
 * {@code bench.dir} (model cache, default {@code target/bench-models}), {@code bench.threads} (default 2),
 * {@code bench.shapes} ({@code qwen,llama}), {@code bench.bits} ({@code 8,4}). Results are logged and
 * written to {@code target/bench-results.md}.
 */
@Tag("bench")
class BenchmarkTest {

    private static final System.Logger LOG = System.getLogger(BenchmarkTest.class.getName());

    private record Speed(double pp, double tg) {
    }

    @Test
    void promptAndDecodeSpeed() throws IOException {
        Path root = Path.of(System.getProperty("bench.dir", "target/bench-models"));
        int threads = Integer.getInteger("bench.threads", 2);
        List<String> shapes = List.of(System.getProperty("bench.shapes", "qwen,llama").split(","));
        List<String> bits = List.of(System.getProperty("bench.bits", "8,4").split(","));
        List<String> rows = new ArrayList<>();
        rows.add("| model | bits | engine-mlx pp512 t/s | llama.cpp pp512 t/s | engine-mlx tg128 t/s | llama.cpp tg128 t/s"
                + " | tg ratio |");
        rows.add("|---|---|---|---|---|---|---|");
        for (String s : shapes) {
            BenchShape shape = BenchShape.byKey(s);
            for (String b : bits) {
                int n = Integer.parseInt(b);
                Path mlx = BenchModels.mlxIn(root, shape, n);
                GgmlType type = n == 8 ? GgmlType.Q8_0 : GgmlType.Q4_0;
                Path gguf = BenchModels.ggufIn(root, shape, type);
                Speed ours = measure(new MlxEngineProvider().load(spec(mlx, threads)), shape);
                Speed theirs = measure(new GgufEngineProvider().load(spec(gguf, threads)), shape);
                String row = String.format("| %s | %d-bit / %s | %.1f | %.1f | %.1f | %.1f | %.2f |", shape.name(), n, type,
                        ours.pp(), theirs.pp(), ours.tg(), theirs.tg(), ours.tg() / theirs.tg());
                LOG.log(System.Logger.Level.INFO, row);
                rows.add(row);
            }
        }
        Files.writeString(Path.of("target/bench-results.md"), String.join("\n", rows) + "\n");
    }

    private static LoadSpec spec(Path model, int threads) {
        return new LoadSpec(model, Optional.empty(), 1024, Optional.empty(), threads);
    }

    private static Speed measure(Object loaded, BenchShape shape) {
        try (TextModel model = (TextModel) loaded) {
            LogitsProbe p = (LogitsProbe) model;
            SplittableRandom rnd = new SplittableRandom(5);
            int[] prompt = new int[512];
            for (int i = 0; i < prompt.length; i++) {
                prompt[i] = rnd.nextInt(1000);
            }
            // Steady state, as a server reaches it after its first requests: one untimed pass of each workload
            // lets the JIT compile the kernels (llama.cpp needs none, so this only removes Java's warm-up).
            p.logitsAfter(prompt);
            p.greedy(new int[] {1}, 128);
            double pp = 0;
            for (int run = 0; run < 2; run++) {
                long t0 = System.nanoTime();
                p.logitsAfter(prompt);
                pp = Math.max(pp, 512 / ((System.nanoTime() - t0) / 1e9));
            }
            long t0 = System.nanoTime();
            p.greedy(new int[] {1}, 128);
            Speed speed = new Speed(pp, 128 / ((System.nanoTime() - t0) / 1e9));
            LOG.log(System.Logger.Level.INFO, () -> String.format("%s %s: pp512 %.1f t/s, tg128 %.1f t/s", shape.name(),
                    model.info().format() + "/" + model.info().quantization(), speed.pp(), speed.tg()));
            return speed;
        }
    }
}
