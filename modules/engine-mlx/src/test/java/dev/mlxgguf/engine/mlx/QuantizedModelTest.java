package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyLlamaConfig;
import dev.mlxgguf.testkit.TinyVocab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * MLX-quantized folders (quantized embedding, tied or separate output, per-layer overrides and unquantized
 * modules) agree with float folders holding their dequantized weights: logits to 1e-4 relative, 32 greedy
 * tokens identical.
 */
class QuantizedModelTest {

    private static final int[] PROMPT = {5, 60, 300, 7, 901, 44, 17, 250};

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"LLAMA,4,64", "LLAMA,8,64", "QWEN2,4,32", "QWEN2,8,128", "GEMMA3,4,64", "PHI3,8,32", "QWEN3,4,128"})
    void quantizedFolderMatchesItsDequantizedFloatCopy(TinyArch arch, int bits, int groupSize) {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = wide(TinyArchModel.of(arch, 7, vocab.size()));
        MlxFolder q = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16).quantized(bits, groupSize);
        compare(q);
    }

    @Test
    void perLayerOverridesAndUnquantizedModules() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = wide(TinyArchModel.of(TinyArch.LLAMA, 9, vocab.size()));
        MlxFolder q = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16).quantized(4, 64).withOverrides(Map.of(
                "model.layers.0.mlp.down_proj", Optional.of(new MlxFolder.Quant(6, 64)),
                "model.layers.1.self_attn.v_proj", Optional.of(new MlxFolder.Quant(3, 32)),
                "model.layers.1.mlp.up_proj", Optional.of(new MlxFolder.Quant(2, 128)),
                "model.layers.0.self_attn.k_proj", Optional.of(new MlxFolder.Quant(5, 32)),
                "model.layers.1.self_attn.o_proj", Optional.empty(),
                "lm_head", Optional.of(new MlxFolder.Quant(8, 64))));
        compare(q);
    }

    private void compare(MlxFolder q) {
        Path quantDir = q.writeTo(dir.resolve("q"));
        Path floatDir = MlxFolder.of(q.model(), q.vocab(), SafetensorsWriter.FloatType.F32)
                .writeTo(dir.resolve("f"), q.effectiveWeights());
        try (MlxTextModel quant = Engines.mlx(quantDir); MlxTextModel ref = Engines.mlx(floatDir)) {
            assertThat(quant.info().quantization(), is(q.quant().orElseThrow().bits() + "-bit"));
            float[] expected = ref.logitsAfter(PROMPT);
            assertThat(Engines.maxRelDiff(quant.logitsAfter(PROMPT), expected), lessThan(1e-4));
            assertArrayEquals(ref.greedy(PROMPT, 32), quant.greedy(PROMPT, 32));
        }
    }

    /** Wider than the standard tiny model so that every group size divides every input width. */
    private static TinyArchModel wide(TinyArchModel m) {
        TinyLlamaConfig s = m.shape();
        return m.withShape(new TinyLlamaConfig(s.seed(), s.vocabSize(), 128, 2, 4, 2, 256, 2048, s.rmsNormEps(),
                s.ropeTheta(), s.tieEmbeddings()));
    }
}
