package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.gguf.GgufEngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.testkit.AdapterFolder;
import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.ArchWeights;
import dev.mlxgguf.testkit.GgufLora;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * mlx_lm adapters: a LoRA with known A and B changes the model exactly as {@code W + scale * B^T A^T} (fused
 * independently by testkit), DoRA as its row-rescaled version; base and adapted models can be loaded side by
 * side; the same LoRA as a llama.cpp adapter file gives llama.cpp the same model; adapters that do not fit the
 * model fail to load with a clear message.
 */
class LoraTest {

    private static final int[] PROMPT = {5, 60, 300, 7, 901, 44, 17, 250, 3, 3};
    private static final List<String> MODULES = List.of("model.layers.0.self_attn.q_proj", "model.layers.0.self_attn.v_proj",
            "model.layers.1.self_attn.k_proj", "model.layers.1.self_attn.o_proj", "model.layers.1.mlp.down_proj",
            "model.layers.0.mlp.gate_proj", "lm_head");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void adapterEqualsFusedWeights(boolean dora) {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(TinyArch.LLAMA, 3, vocab.size());
        MlxFolder folder = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.F32);
        Path base = folder.writeTo(dir.resolve("base"));
        ArchWeights weights = model.weights();
        AdapterFolder adapter = AdapterFolder.random(weights, MODULES, 4, 2.5f, dora, 17);
        Path adapterDir = adapter.writeTo(dir.resolve("adapter"));
        Path fused = folder.writeTo(dir.resolve("fused"), adapter.fuse(weights));
        try (MlxTextModel plain = Engines.mlx(base); MlxTextModel adapted = Engines.mlx(base, Optional.of(adapterDir), 2);
             MlxTextModel reference = Engines.mlx(fused)) {
            float[] expected = reference.logitsAfter(PROMPT);
            float[] actual = adapted.logitsAfter(PROMPT);
            assertThat(Engines.maxRelDiff(actual, expected), lessThan(1e-5));
            assertThat("the adapter changes the model", Engines.maxRelDiff(plain.logitsAfter(PROMPT), expected),
                    greaterThan(1e-2));
            assertArrayEquals(reference.greedy(PROMPT, 16), adapted.greedy(PROMPT, 16));
        }
    }

    @Test
    void theSameLoraAsALlamaCppAdapterFileGivesTheSameModel() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(TinyArch.QWEN2, 8, vocab.size());
        Path base = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.F32).writeTo(dir.resolve("base"));
        Path gguf = ArchGguf.of(model, vocab).writeTo(dir.resolve("base.gguf"));
        AdapterFolder adapter = AdapterFolder.random(model.weights(), List.of("model.layers.0.self_attn.q_proj",
                "model.layers.0.self_attn.k_proj", "model.layers.1.self_attn.v_proj", "model.layers.1.self_attn.o_proj",
                "model.layers.0.mlp.gate_proj", "model.layers.1.mlp.up_proj", "model.layers.0.mlp.down_proj"), 4, 3f, false, 23);
        Path folder = adapter.writeTo(dir.resolve("adapter"));
        Path lora = new GgufLora(adapter, TinyArch.QWEN2).writeTo(dir.resolve("adapter.gguf"));
        try (MlxTextModel mlx = Engines.mlx(base, Optional.of(folder), 2);
             TextModel llama = (TextModel) new GgufEngineProvider().load(new LoadSpec(gguf, Optional.of(lora), 256,
                     Optional.empty(), 2));
             TextModel plain = Engines.gguf(gguf)) {
            float[] expected = mlx.logitsAfter(PROMPT);
            assertThat(Engines.maxRelDiff(Engines.probe(llama).logitsAfter(PROMPT), expected), lessThan(1e-3));
            assertThat("the adapter changes llama.cpp's model", Engines.maxRelDiff(Engines.probe(plain).logitsAfter(PROMPT),
                    expected), greaterThan(1e-2));
            assertArrayEquals(mlx.greedy(PROMPT, 16), Engines.probe(llama).greedy(PROMPT, 16));
        }
    }

    @Test
    void fusedQkvOfPhi3AndLegacyKeys() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(TinyArch.PHI3, 4, vocab.size());
        MlxFolder folder = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16);
        Path base = folder.writeTo(dir.resolve("base"));
        ArchWeights weights = model.weights();
        AdapterFolder adapter = AdapterFolder.random(weights, List.of("model.layers.1.self_attn.qkv_proj",
                "model.layers.1.mlp.gate_up_proj"), 8, 10f, false, 5).withNumLayers(1).withLegacyKeys(true);
        Path adapterDir = adapter.writeTo(dir.resolve("adapter"));
        Path fused = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.F32).writeTo(dir.resolve("fused"),
                adapter.fuse(weights));
        try (MlxTextModel adapted = Engines.mlx(base, Optional.of(adapterDir), 1); MlxTextModel reference = Engines.mlx(fused)) {
            assertThat(Engines.maxRelDiff(adapted.logitsAfter(PROMPT), reference.logitsAfter(PROMPT)), lessThan(1e-4));
        }
    }

    @Test
    void mismatchedShapesAreALoadError() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(TinyArch.LLAMA, 3, vocab.size());
        Path base = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.F32).writeTo(dir.resolve("base"));
        AdapterFolder.Lora wrong = new AdapterFolder.Lora(32, 64, new float[32 * 2], new float[2 * 64], null);
        Path bad = new AdapterFolder(-1, 2, 1f, false, false, Map.of("model.layers.0.self_attn.q_proj", wrong))
                .writeTo(dir.resolve("bad"));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Engines.mlx(base, Optional.of(bad), 1));
        assertThat(e.getMessage(), containsString("model.layers.0.self_attn.q_proj"));
        assertThat(e.getMessage(), containsString("do not match"));
        Path unknown = new AdapterFolder(-1, 2, 1f, false, false, Map.of("model.layers.0.self_attn.nope",
                new AdapterFolder.Lora(64, 64, new float[128], new float[128], null))).writeTo(dir.resolve("unknown"));
        assertThrows(ModelLoadException.class, () -> Engines.mlx(base, Optional.of(unknown), 1));
        AdapterFolder early = AdapterFolder.random(model.weights(), List.of("model.layers.0.mlp.up_proj"), 2, 1f, false, 1)
                .withNumLayers(1);
        ModelLoadException outside = assertThrows(ModelLoadException.class,
                () -> Engines.mlx(base, Optional.of(early.writeTo(dir.resolve("early"))), 1));
        assertThat(outside.getMessage(), containsString("last 1 layers"));
        assertThrows(ModelLoadException.class, () -> Engines.mlx(base, Optional.of(dir.resolve("missing")), 1));
    }
}
