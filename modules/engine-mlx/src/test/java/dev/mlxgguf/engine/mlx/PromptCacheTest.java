package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.CacheOptions;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.ByteLevelBpe;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * The prompt cache on the MLX engine: a reused prefix (from memory or from a state file written by an earlier
 * load) gives exactly the greedy answer of a run without the cache, including after a cancelled generation.
 */
class PromptCacheTest {

    private static final String BASE = "The morning was quiet and the river kept moving through the valley ".repeat(5);
    private static final ByteLevelBpe BPE = ByteLevelBpe.standard();

    @TempDir
    Path dir;

    private static MlxTextModel load(Path folder) {
        return (MlxTextModel) new MlxEngineProvider().load(new LoadSpec(folder, Optional.empty(), 1024, Optional.empty(), 2));
    }

    private static Path write(Path dir, TinyArch arch) {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        return MlxFolder.of(TinyArchModel.of(arch, 7, vocab.size()), vocab, SafetensorsWriter.FloatType.F32)
                .writeTo(dir.resolve(arch.name()));
    }

    private record Answer(String text, GenerationResult result) {
    }

    private static Answer run(MlxTextModel m, String prompt, CacheOptions cache, int accept) {
        SamplingParams greedy = SamplingParams.builder().temperature(0)
                .logitBias(Map.of(BPE.imEndId(), -100.0, BPE.endOfTextId(), -100.0)).build();
        Collector c = new Collector(accept);
        GenerationResult r = m.generate(new GenerationRequest("t", new Prompt.Text(prompt), greedy, 16, List.of(), 0, cache), c);
        return new Answer(c.text(), r);
    }

    private static Answer run(MlxTextModel m, String prompt, CacheOptions cache) {
        return run(m, prompt, cache, Integer.MAX_VALUE);
    }

    private static CacheOptions memory() {
        return new CacheOptions(true, Integer.MAX_VALUE, "key", "");
    }

    @ParameterizedTest
    @EnumSource(value = TinyArch.class, names = {"LLAMA", "GEMMA3"})
    void hitsGiveTheSameGreedyAnswerAsNoCache(TinyArch arch) {
        MlxTextModel model = load(write(dir, arch));
        try {
            List<String> prompts = List.of(BASE, BASE + " and then", BASE.substring(0, BASE.length() - 9) + " harbour",
                    BASE.substring(0, 100), "Something else entirely " + BASE);
            for (String p : prompts) {
                String expected = run(model, p, CacheOptions.disabled()).text();
                run(model, BASE, memory());
                Answer hit = run(model, p, memory());
                assertThat(arch + " " + p.substring(0, 20), hit.text(), is(expected));
                boolean shared = p.startsWith(BASE.substring(0, 20));
                assertThat(hit.result().cache().source(), is(shared ? "memory" : "none"));
                assertThat(hit.result().usage().cachedTokens() > 0, is(shared));
            }
            // a generation cancelled after 3 pushes leaves a consistent record of what the KV cache holds
            String expected = run(model, BASE + " later", CacheOptions.disabled()).text();
            Answer cancelled = run(model, BASE + " later", memory(), 3);
            assertThat(cancelled.result().finishReason(), is(FinishReason.CANCELLED));
            Answer after = run(model, BASE + " later", memory());
            assertThat(after.text(), is(expected));
            assertThat(after.result().usage().cachedTokens(), is(after.result().usage().promptTokens() - 1));
            // the logits probe bypasses the cache: afterwards nothing is claimed from memory
            model.logitsAfter(model.tokenize("unrelated words", false));
            assertThat(run(model, BASE, memory()).result().cache().source(), is("none"));
        } finally {
            model.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TinyArch.class, names = {"QWEN2"})
    void statesSurviveAFreshLoadThroughTheDiskCache(TinyArch arch) throws IOException {
        Path folder = write(dir, arch);
        Path cacheDir = dir.resolve("kv");
        CacheOptions disk = new CacheOptions(true, 0, "key-1", cacheDir.toString());
        MlxTextModel model = load(folder);
        String expected = run(model, BASE + " again", CacheOptions.disabled()).text();
        Answer saved = run(model, BASE, disk);
        assertThat(saved.result().cache().savedId().isEmpty(), is(false));
        assertThat(saved.result().cache().savedBytes(), greaterThan(10_000L));
        model.close();
        model = load(folder);
        try {
            Answer fromDisk = run(model, BASE + " again", disk);
            assertThat(fromDisk.result().cache().source(), is("disk"));
            assertThat(fromDisk.result().cache().loadedId(), is(saved.result().cache().savedId()));
            assertThat(fromDisk.result().usage().cachedTokens(), greaterThanOrEqualTo(saved.result().usage().promptTokens() - 1));
            assertThat(fromDisk.text(), is(expected));
        } finally {
            model.close();
        }
        // a corrupt state is skipped (and removed), never a crash
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path f : files.toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length - 1] ^= 0x5A;
                Files.write(f, b);
            }
        }
        model = load(folder);
        try {
            Answer corrupt = run(model, BASE + " again", new CacheOptions(true, Integer.MAX_VALUE, "key-1", cacheDir.toString()));
            assertThat(corrupt.result().cache().source(), is("none"));
            assertThat(corrupt.text(), is(expected));
        } finally {
            model.close();
        }
    }
}
