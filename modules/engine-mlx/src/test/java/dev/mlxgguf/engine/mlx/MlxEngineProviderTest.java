package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The provider: its name, what it claims, and discovery through ServiceLoader. */
class MlxEngineProviderTest {

    @TempDir
    Path dir;

    @Test
    void supportsFoldersWithConfigAndSafetensorsOnly() throws IOException {
        MlxEngineProvider p = new MlxEngineProvider();
        assertThat(p.name(), is("mlx"));
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        Path folder = MlxFolder.of(TinyArchModel.of(TinyArch.QWEN3, 1, vocab.size()), vocab, SafetensorsWriter.FloatType.BF16)
                .writeTo(dir.resolve("m"));
        assertThat(p.supports(folder), is(true));
        assertThat(p.supports(folder.resolve("config.json")), is(false));
        assertThat(p.supports(dir.resolve("missing")), is(false));
        Path noWeights = Files.createDirectories(dir.resolve("empty"));
        Files.copy(folder.resolve("config.json"), noWeights.resolve("config.json"));
        assertThat(p.supports(noWeights), is(false));
        Path gguf = Files.writeString(dir.resolve("x.gguf"), "GGUF");
        assertThat(p.supports(gguf), is(false));
        assertThat(p.supports(null), is(false));
    }

    @Test
    void foundByServiceLoader() {
        boolean found = ServiceLoader.load(EngineProvider.class).stream()
                .anyMatch(s -> s.type() == MlxEngineProvider.class);
        assertThat(found, is(true));
    }

    @Test
    void shardedFoldersLoadLikeSingleFiles() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(TinyArch.LLAMA, 5, vocab.size());
        MlxFolder one = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16);
        Path single = one.writeTo(dir.resolve("one"));
        Path sharded = one.withShards(3).writeTo(dir.resolve("three"));
        int[] prompt = {1, 2, 3, 4, 5};
        try (MlxTextModel a = Engines.mlx(single); MlxTextModel b = Engines.mlx(sharded)) {
            assertThat(Engines.maxRelDiff(a.logitsAfter(prompt), b.logitsAfter(prompt)), is(0.0));
        }
    }
}
