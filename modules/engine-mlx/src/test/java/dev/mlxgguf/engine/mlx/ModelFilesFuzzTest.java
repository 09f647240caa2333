package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.config.ArchConfig;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;
import dev.mlxgguf.engine.mlx.safetensors.SafetensorsHeader;
import dev.mlxgguf.engine.mlx.tokenizer.Tokenizer;
import dev.mlxgguf.engine.mlx.tokenizer.TokenizerLoader;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import dev.mlxgguf.testkit.fuzz.Fuzzer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The MLX folder's files, fuzzed: {@code config.json}, {@code tokenizer.json} (loaded, then used) and the
 * safetensors header are each read or refused with a load error, never anything else.
 */
class ModelFilesFuzzTest {

    @TempDir
    static Path dir;
    static Path folder;

    @BeforeAll
    static void write() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        folder = MlxFolder.of(TinyArchModel.of(TinyArch.QWEN2, 42, vocab.size()), vocab, SafetensorsWriter.FloatType.BF16)
                .writeTo(dir.resolve("seed"));
    }

    @Test
    void configJson() throws Exception {
        byte[] seed = Files.readAllBytes(folder.resolve("config.json"));
        Fuzzer.Report r = Fuzzer.run("config.json", List.of(seed), 31, Duration.ofSeconds(5),
                bytes -> ArchConfig.read(Metadata.parse(new String(bytes, StandardCharsets.UTF_8))),
                ModelLoadException.class, MetadataException.class);
        assertThat(r.failures().toString(), r.failed(), is(0));
    }

    @Test
    void tokenizerJson() throws Exception {
        byte[] seed = Files.readAllBytes(folder.resolve("tokenizer.json"));
        Optional<Metadata> config = Optional.of(Metadata.parse(Files.readString(folder.resolve("tokenizer_config.json"))));
        Path fuzzed = Files.createDirectories(dir.resolve("fuzzed-tokenizer"));
        Fuzzer.Report r = Fuzzer.run("tokenizer.json", List.of(seed), 32, Duration.ofSeconds(10), bytes -> {
            Files.write(fuzzed.resolve("tokenizer.json"), bytes);
            Tokenizer t = TokenizerLoader.load(fuzzed, config);
            t.encode("Hello, wörld! 12 <|im_start|>", true);
        }, ModelLoadException.class);
        assertThat(r.failures().toString(), r.failed(), is(0));
    }

    @Test
    void safetensorsHeader() throws Exception {
        byte[] file = Files.readAllBytes(folder.resolve("model.safetensors"));
        int headerLength = (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] header = Arrays.copyOfRange(file, 8, 8 + headerLength);
        long data = file.length - 8L - headerLength;
        Fuzzer.Report r = Fuzzer.run("safetensors header", List.of(header), 33, Duration.ofSeconds(5),
                bytes -> SafetensorsHeader.parse(bytes, data, "model.safetensors"), ModelLoadException.class);
        assertThat(r.failures().toString(), r.failed(), is(0));
    }
}
