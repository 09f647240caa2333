package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.engine.gguf.GgufEngineProvider;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LogitsProbe;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.ByteLevelBpe;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/**
 * Tokenizer parity with llama.cpp: the same vocabulary written as GGUF (tokenized by llama.cpp) and as
 * {@code tokenizer.json} (tokenized here) gives identical ids on more than 2,000 varied strings, special
 * tokens parsed, for byte-level vocabularies with the Llama 3, Qwen 2 and GPT-2 pre-tokenizers and for a
 * SentencePiece-style vocabulary with byte fallback.
 */
class TokenizerParityTest {

    private static final System.Logger LOG = System.getLogger(TokenizerParityTest.class.getName());

    @TempDir
    Path dir;

    static Stream<TinyVocab> vocabularies() {
        return Stream.of(new TinyVocab.ByteLevel(ByteLevelBpe.standard(), TinyVocab.Pre.LLAMA3),
                new TinyVocab.ByteLevel(ByteLevelBpe.standard(), TinyVocab.Pre.QWEN2),
                new TinyVocab.ByteLevel(ByteLevelBpe.standard(), TinyVocab.Pre.GPT2),
                TinyVocab.SentencePiece.standard());
    }

    @ParameterizedTest
    @MethodSource("vocabularies")
    void idsEqualLlamaCpp(TinyVocab vocab) throws IOException {
        TinyArchModel model = TinyArchModel.of(TinyArch.LLAMA, 1, vocab.size());
        Path gguf = ArchGguf.of(model, vocab).writeTo(dir.resolve("v.gguf"));
        Path folder = MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16).writeTo(dir.resolve("mlx"));
        Metadata config = Metadata.parse(Files.readString(folder.resolve("tokenizer_config.json")));
        Tokenizer ours = TokenizerLoader.load(folder, Optional.of(config));
        List<String> specials = vocab instanceof TinyVocab.SentencePiece
                ? List.of("<s>", "</s>", "<|im_start|>", "<|im_end|>") : List.of("<|im_start|>", "<|im_end|>", "<|endoftext|>");
        List<String> corpus = ParityCorpus.strings(2000, 11, specials);
        List<String> mismatches = new ArrayList<>();
        try (TextModel ref = (TextModel) new GgufEngineProvider().load(new LoadSpec(gguf, Optional.empty(), 64,
                Optional.empty(), 1))) {
            LogitsProbe probe = (LogitsProbe) ref;
            for (String s : corpus) {
                int[] expected = probe.tokenize(s, true);
                int[] actual = ours.encode(s, true);
                if (!Arrays.equals(expected, actual)) {
                    mismatches.add(escape(s) + " llama.cpp " + Arrays.toString(expected) + " ours " + Arrays.toString(actual));
                }
            }
        }
        LOG.log(System.Logger.Level.INFO, "{0}: {1} strings, {2} mismatches", vocab, corpus.size(), mismatches.size());
        assertThat(corpus.size(), greaterThanOrEqualTo(2000));
        assertThat(mismatches.stream().limit(10).toList(), empty());
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c < 0x20 || c > 0x7E ? String.format("\\u{%x}", c) : Character.toString(c)));
        return b.append('"').toString();
    }
}
