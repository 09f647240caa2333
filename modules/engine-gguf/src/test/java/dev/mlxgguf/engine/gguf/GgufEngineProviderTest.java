package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LoadedModel;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.DamagedFiles;
import dev.mlxgguf.testkit.GgmlType;
import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.TinyLlamaConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

import static dev.mlxgguf.engine.gguf.TinyModels.BPE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GgufEngineProviderTest {

    @TempDir
    Path dir;

    private final GgufEngineProvider provider = new GgufEngineProvider();

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(EngineProvider.class).stream()
                .anyMatch(p -> p.type() == GgufEngineProvider.class), is(true));
        assertThat(provider.name(), is("gguf"));
    }

    @Test
    void supportsOnlyGgufFilesByNameAndMagic() throws Exception {
        Path good = TinyGguf.write(dir, "Model.GGUF", 1);
        assertThat(provider.supports(good), is(true));
        assertThat(provider.supports(Files.copy(good, dir.resolve("model.bin"))), is(false));
        assertThat(provider.supports(Files.writeString(dir.resolve("fake.gguf"), "GGML not really")), is(false));
        assertThat(provider.supports(dir.resolve("missing.gguf")), is(false));
        assertThat(provider.supports(Files.createDirectory(dir.resolve("folder.gguf"))), is(false));
    }

    @Test
    void loadReportsModelInfo() {
        Path f = TinyGguf.write(dir, "tiny.gguf", 3);
        try (LoadedModel m = provider.load(TinyModels.spec(f, 0, Optional.empty()))) {
            assertThat(m, instanceOf(TextModel.class));
            ModelInfo info = m.info();
            assertThat(info.format(), is("gguf"));
            assertThat(info.architecture(), is("llama"));
            assertThat(info.contextLength(), is(2048));
            assertThat(info.trainContextLength(), is(2048));
            assertThat(info.quantization(), is("F32"));
            assertThat(info.parameterCount(), is(TinyGguf.standard(3).weights().parameterCount()));
            assertThat(info.vocabularySize(), is(BPE.size()));
            assertThat(info.hasChatTemplate(), is(true));
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F16", "Q8_0", "Q4_0"})
    void quantizedModelsLoadAndGenerate(GgmlType type) {
        Path f = TinyGguf.standard(5).withWeightType(type).writeTo(dir, "tiny-" + type + ".gguf");
        try (GgufTextModel m = TinyModels.load(f, 128)) {
            assertThat(m.info().quantization(), is(type.name()));
            assertThat(m.info().contextLength(), is(128));
            Collector c = new Collector();
            GenerationResult r = m.generate(TinyModels.request("The river", TinyModels.greedyNoEnd(), 10, List.of()), c);
            assertThat(r.finishReason(), is(FinishReason.LENGTH));
            assertThat(c.tokens(), is(10));
            assertThat(c.text().length(), is(greaterThan(0)));
        }
    }

    @Test
    void tiedModelWithoutTemplateFallsBackToChatMl() {
        TinyGguf spec = TinyGguf.standard(6).withConfig(TinyLlamaConfig.standard(6).withTiedEmbeddings(true))
                .withChatTemplate(null);
        try (GgufTextModel m = TinyModels.load(spec.writeTo(dir, "tied.gguf"), 64)) {
            assertThat(m.info().hasChatTemplate(), is(false));
            assertThat(m.renderChat(TinyModels.chat("Hi")), containsString("<|im_start|>user\nHi<|im_end|>"));
        }
    }

    @Test
    void chatFormatReplacesTheModelTemplate() {
        Path f = TinyGguf.write(dir, "fmt.gguf", 2);
        try (GgufTextModel m = (GgufTextModel) provider.load(TinyModels.spec(f, 64, Optional.of("llama3")))) {
            assertThat(m.renderChat(TinyModels.chat("Hi")), containsString("<|start_header_id|>user<|end_header_id|>"));
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> provider.load(TinyModels.spec(f, 64, Optional.of("no-such-format"))));
        assertThat(e.getMessage(), containsString("no-such-format"));
        assertThat(e.getMessage(), containsString("chatml"));
        assertThat(e.getMessage(), containsString("llama3"));
    }

    @Test
    void garbageAndTruncatedFilesFailCleanly() {
        Path good = TinyGguf.write(dir, "good.gguf", 4);
        Path garbage = DamagedFiles.garbage(dir.resolve("garbage.gguf"), 4096, 1);
        assertLoadFails(garbage, "garbage.gguf");
        Path badMagic = DamagedFiles.corruptedCopy(good, dir.resolve("magic.gguf"), 0, "GGUX".getBytes());
        assertLoadFails(badMagic, "magic.gguf");
        Path truncatedData = DamagedFiles.truncatedCopy(good, dir.resolve("cut-data.gguf"), 0.6);
        assertLoadFails(truncatedData, "cut-data.gguf");
        Path truncatedHeader = DamagedFiles.truncatedCopy(good, dir.resolve("cut-header.gguf"), 2000L);
        assertLoadFails(truncatedHeader, "cut-header.gguf");
        Path badVersion = DamagedFiles.corruptedCopy(good, dir.resolve("version.gguf"), 4, new byte[] {9, 0, 0, 0});
        assertLoadFails(badVersion, "version.gguf");
    }

    @Test
    void corruptHeadersAndTensorsFailCleanly() throws Exception {
        Path good = TinyGguf.write(dir, "good.gguf", 4);
        byte[] noise = Files.readAllBytes(DamagedFiles.garbage(dir.resolve("noise"), 8192, 2));
        System.arraycopy("GGUF".getBytes(), 0, noise, 0, 4);
        assertLoadFails(Files.write(dir.resolve("magic-then-noise.gguf"), noise), "magic-then-noise.gguf");
        Path hugeCounts = DamagedFiles.corruptedCopy(good, dir.resolve("counts.gguf"), 8,
                new byte[] {-1, -1, -1, -1, -1, -1, 0, 0});
        assertLoadFails(hugeCounts, "counts.gguf");
        assertLoadFails(DamagedFiles.replacedCopy(good, dir.resolve("arch.gguf"), "llama", "xxxxx"), "arch.gguf");
        assertLoadFails(DamagedFiles.replacedCopy(good, dir.resolve("missing.gguf"), "blk.1.ffn_up.weight",
                "blk.1.ffn_XX.weight"), "missing.gguf");
    }

    @Test
    void adaptersThatAreNotLoraFilesForTheModelAreRefused() throws Exception {
        Path f = TinyGguf.write(dir, "a.gguf", 1);
        LoadSpec missing = new LoadSpec(f, Optional.of(dir.resolve("lora.gguf")), 64, Optional.empty(), 1);
        assertThat(assertThrows(ModelLoadException.class, () -> provider.load(missing)).getMessage(),
                containsString("is not a GGUF LoRA file"));
        Path folder = Files.createDirectories(dir.resolve("mlx-adapter"));
        LoadSpec mlx = new LoadSpec(f, Optional.of(folder), 64, Optional.empty(), 1);
        assertThat(assertThrows(ModelLoadException.class, () -> provider.load(mlx)).getMessage(),
                containsString("MLX-format"));
        // a model file is not an adapter: llama.cpp refuses it, the host stays usable
        LoadSpec model = new LoadSpec(f, Optional.of(TinyGguf.write(dir, "not-lora.gguf", 2)), 64, Optional.empty(), 1);
        assertThat(assertThrows(ModelLoadException.class, () -> provider.load(model)).getMessage(),
                containsString("refused the LoRA adapter not-lora.gguf"));
        try (TextModel ok = (TextModel) provider.load(new LoadSpec(f, Optional.empty(), 64, Optional.empty(), 1))) {
            assertThat(ok.countTokens(new Prompt.Text("still fine")) > 0, is(true));
        }
    }

    @Test
    void closeIsIdempotentAndFinal() {
        GgufTextModel m = TinyModels.load(TinyGguf.write(dir, "c.gguf", 1), 64);
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.countTokens(new Prompt.Text("x")));
    }

    private void assertLoadFails(Path file, String name) {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> provider.load(TinyModels.spec(file, 64, Optional.empty())));
        assertThat(e.getMessage(), containsString(name));
        assertThat(e.getMessage(), not(containsString(dir.toString())));
    }
}
