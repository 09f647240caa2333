package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.engine.gguf.GgufEngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LogitsProbe;
import dev.mlxgguf.engine.spi.TextModel;

import java.nio.file.Path;
import java.util.Optional;

/** Loads models in both engines for tests, and compares logits. */
final class Engines {

    private Engines() {
    }

    static MlxTextModel mlx(Path folder) {
        return mlx(folder, Optional.empty(), 2);
    }

    static MlxTextModel mlx(Path folder, Optional<Path> adapter, int threads) {
        return (MlxTextModel) new MlxEngineProvider().load(new LoadSpec(folder, adapter, 256, Optional.empty(), threads));
    }

    static TextModel gguf(Path file) {
        return (TextModel) new GgufEngineProvider().load(new LoadSpec(file, Optional.empty(), 256, Optional.empty(), 2));
    }

    static LogitsProbe probe(TextModel m) {
        return (LogitsProbe) m;
    }

    /** {@return max |a - b| divided by max |b|} */
    static double maxRelDiff(float[] a, float[] b) {
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            maxRef = Math.max(maxRef, Math.abs(b[i]));
        }
        return maxDiff / maxRef;
    }
}
