package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.support.contract.TextModelContract;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

/** The engine contract on engine-mlx, with a tiny Llama-family folder in bf16. */
class MlxContractTest extends TextModelContract {

    @TempDir
    static Path dir;
    private static MlxTextModel model;

    @BeforeAll
    static void load() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        Path folder = MlxFolder.of(TinyArchModel.of(TinyArch.LLAMA, 42, vocab.size()), vocab,
                SafetensorsWriter.FloatType.BF16).writeTo(dir.resolve("mlx"));
        model = (MlxTextModel) new MlxEngineProvider().load(new LoadSpec(folder, Optional.empty(), CONTEXT,
                Optional.empty(), 1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Override
    protected TextModel model() {
        return model;
    }
}
