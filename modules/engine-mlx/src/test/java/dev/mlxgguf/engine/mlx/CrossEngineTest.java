package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Arrays;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The same tiny random weights and tokenizer as a GGUF (F32, run by llama.cpp) and as MLX folders (F32 and
 * BF16, run by this engine): first-step logits agree to 1e-3 relative and 32 greedy tokens are identical.
 */
class CrossEngineTest {

    private static final String PROMPT = "The morning was quiet in the small town by the river.";
    private static final System.Logger LOG = System.getLogger(CrossEngineTest.class.getName());

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TinyArch.class)
    void logitsAndGreedyTokensMatchLlamaCpp(TinyArch arch) {
        TinyVocab vocab = arch == TinyArch.MISTRAL ? TinyVocab.SentencePiece.standard() : TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(arch, 42, vocab.size());
        Path gguf = ArchGguf.of(model, vocab).writeTo(dir.resolve("model.gguf"));
        Path f32 = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.F32).writeTo(dir.resolve("f32"));
        Path bf16 = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16).writeTo(dir.resolve("bf16"));
        try (TextModel ref = Engines.gguf(gguf); MlxTextModel a = Engines.mlx(f32); MlxTextModel b = Engines.mlx(bf16)) {
            int[] prompt = Engines.probe(ref).tokenize(PROMPT, false);
            assertArrayEquals(prompt, a.tokenize(PROMPT, false), "tokenization");
            float[] expected = Engines.probe(ref).logitsAfter(prompt);
            int[] greedy = Engines.probe(ref).greedy(prompt, 32);
            for (MlxTextModel m : new MlxTextModel[] {a, b}) {
                double rel = Engines.maxRelDiff(m.logitsAfter(prompt), expected);
                LOG.log(System.Logger.Level.INFO, () -> String.format("%s: max relative logit difference %.3e", arch, rel));
                assertThat(arch + " logits", rel, lessThan(1e-3));
                assertArrayEquals(greedy, m.greedy(prompt, 32), arch + " greedy tokens " + Arrays.toString(greedy));
            }
        }
    }
}
