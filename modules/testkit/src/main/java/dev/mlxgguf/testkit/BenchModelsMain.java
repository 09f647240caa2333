package dev.mlxgguf.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code BenchModelsMain DIR [SHAPES] [FORMATS]}: writes the real-shaped random benchmark models into a
 * folder (skipping those already there), as {@code jlink/bench-models.sh} runs it.
 *
 * <p>SHAPES is a comma list of {@code qwen} (Qwen2.5-0.5B) and {@code llama} (Llama-3.2-1B); FORMATS of
 * {@code f16,q8_0,q4_0} (GGUF) and {@code bf16,8bit,4bit} (MLX). Both default to all. Names:
 * {@code <shape>-F16.gguf}, {@code <shape>-Q8_0.gguf}, {@code <shape>-mlx-bf16}, {@code <shape>-mlx-8bit}, ...
 */
public final class BenchModelsMain {

    private BenchModelsMain() {
    }

    /**
     * Writes the models.
     *
     * @param args DIR [SHAPES] [FORMATS]
     */
    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: bench-models DIR [qwen,llama] [f16,q8_0,q4_0,bf16,8bit,4bit]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<BenchShape> shapes = new ArrayList<>();
        for (String s : (args.length > 1 ? args[1] : "qwen,llama").split(",")) {
            shapes.add(BenchShape.byKey(s));
        }
        String[] formats = (args.length > 2 ? args[2] : "f16,q8_0,q4_0,bf16,8bit,4bit").split(",");
        for (BenchShape shape : shapes) {
            for (String f : formats) {
                long start = System.nanoTime();
                Path written = switch (f.strip()) {
                    case "f16" -> BenchModels.ggufIn(dir, shape, GgmlType.F16);
                    case "q8_0" -> BenchModels.ggufIn(dir, shape, GgmlType.Q8_0);
                    case "q4_0" -> BenchModels.ggufIn(dir, shape, GgmlType.Q4_0);
                    case "bf16" -> BenchModels.mlxIn(dir, shape, 16);
                    case "8bit" -> BenchModels.mlxIn(dir, shape, 8);
                    case "4bit" -> BenchModels.mlxIn(dir, shape, 4);
                    default -> throw new IllegalArgumentException("unknown format " + f
                            + " (f16, q8_0, q4_0, bf16, 8bit, 4bit)");
                };
                System.out.printf("%s (%d ms)%n", written, (System.nanoTime() - start) / 1_000_000);
            }
        }
    }
}
