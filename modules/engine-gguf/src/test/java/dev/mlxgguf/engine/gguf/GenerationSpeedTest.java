package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.TinyGguf;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Measures (logs, does not assert) single-thread generation speed of the tiny model over 200 tokens.
 * A benchmark: tagged out of the default suite; run with {@code -Dsurefire.excludedGroups= -Dgroups=bench}.
 */
@Tag("bench")
class GenerationSpeedTest {

    private static final System.Logger LOG = System.getLogger(GenerationSpeedTest.class.getName());

    @TempDir
    Path dir;

    @Test
    void generates200TokensWithOneThread() {
        try (GgufTextModel m = TinyModels.load(TinyGguf.write(dir, "speed.gguf", 8), 512)) {
            m.generate(TinyModels.request("warm up", TinyModels.greedyNoEnd(), 20, List.of()), new Collector());
            GenerationResult r = m.generate(TinyModels.request("The morning was quiet", TinyModels.greedyNoEnd(), 200,
                    List.of()), new Collector());
            assertThat(r.usage().completionTokens(), is(200));
            double tokensPerSecond = 200 / (r.generationNanos() / 1e9);
            LOG.log(Level.INFO, "tiny model, 1 thread: {0} tokens/s over 200 tokens (prompt {1} ms)",
                    Math.round(tokensPerSecond), r.promptEvalNanos() / 1_000_000.0);
        }
    }
}
