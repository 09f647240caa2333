package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.support.contract.TextModelContract;
import dev.mlxgguf.testkit.TinyGguf;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** The engine contract on llama.cpp, with testkit's tiny F32 GGUF. */
class GgufContractTest extends TextModelContract {

    @TempDir
    static Path dir;
    private static GgufTextModel model;

    @BeforeAll
    static void load() {
        model = TinyModels.load(TinyGguf.write(dir, "tiny.gguf", 42), CONTEXT);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Override
    protected TextModel model() {
        return model;
    }

    /** llama.cpp ends at every end-of-generation token of the vocabulary: EOS and EOT. */
    @Override
    protected List<Integer> endTokens() {
        return List.of(BPE.imEndId(), BPE.endOfTextId());
    }
}
