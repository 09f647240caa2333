package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.TinyLlamaConfig;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.mlxgguf.engine.gguf.TinyModels.greedyNoEnd;
import static dev.mlxgguf.engine.gguf.TinyModels.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Real llama.cpp with each KV cache type, on a tiny model whose head size (32) the quantized blocks divide (quantized V needs flash attention, which the engine turns on): the
 * context is created and a greedy generation of the full length runs through the cache; with a greedy decode the
 * quantized caches may pick other tokens than F16, so only the mechanics are compared.
 */
class KvCacheTypeTest {

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(KvCacheType.class)
    void eachTypeLoadsAndGenerates(KvCacheType type) {
        TinyLlamaConfig c = TinyLlamaConfig.standard(42);
        // a head size of 32: the quantized caches store blocks of 32 values of each head
        Path file = TinyGguf.standard(42).withConfig(new TinyLlamaConfig(c.seed(), c.vocabSize(), 64, c.layers(), 2, 2,
                c.intermediateSize(), c.contextLength(), c.rmsNormEps(), c.ropeTheta(), c.tieEmbeddings()))
                .writeTo(dir.resolve("kv-" + type.wireName() + ".gguf"));
        try (GgufTextModel model = (GgufTextModel) new GgufEngineProvider().load(
                new LoadSpec(file, Optional.empty(), 256, Optional.empty(), 1, type))) {
            Collector out = new Collector();
            model.generate(request("The morning was quiet in the small town", greedyNoEnd(), 40, List.of()), out);
            assertThat(out.tokens(), is(40));
            assertThat(model.info().contextLength(), is(256));
        }
    }
}
