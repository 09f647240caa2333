package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.CacheOptions;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.TinyGguf;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/** Prompt-cache reuse on real llama.cpp: a cache hit gives exactly the answer of a run without the cache. */
class PromptCacheTest {

    static final String BASE = "The morning was quiet and the river kept moving through the valley while travellers "
            .repeat(12);

    @TempDir
    Path dir;
    Path file;
    GgufTextModel model;

    @BeforeEach
    void load() {
        file = TinyGguf.write(dir, "c.gguf", 21);
        model = TinyModels.load(file, 1024);
    }

    @AfterEach
    void close() {
        model.close();
    }

    private record Answer(String text, GenerationResult result) {
    }

    private static Answer run(GgufTextModel m, String prompt, CacheOptions cache) {
        Collector c = new Collector();
        GenerationResult r = m.generate(new GenerationRequest("t", new Prompt.Text(prompt), TinyModels.greedyNoEnd(), 24,
                List.of(), 0, cache), c);
        return new Answer(c.text(), r);
    }

    private static CacheOptions memory() {
        return new CacheOptions(true, Integer.MAX_VALUE, "key", "");
    }

    @Test
    void hitsGiveTheSameGreedyAnswerAsNoCache() {
        List<String> prompts = List.of(BASE, BASE, BASE + " and then", BASE.substring(0, BASE.length() - 9) + " harbour",
                BASE.substring(0, 200), "Something else entirely " + BASE);
        for (String p : prompts) {
            String expected = run(model, p, CacheOptions.disabled()).text();
            run(model, BASE, memory()); // warm the cache with the base conversation
            Answer hit = run(model, p, memory());
            assertThat(p.substring(0, Math.min(30, p.length())), hit.text(), is(expected));
        }
    }

    @Test
    void reportsWhereTheReusedPrefixCameFrom() {
        Answer first = run(model, BASE, memory());
        assertThat(first.result().cache().source(), is("none"));
        assertThat(first.result().usage().cachedTokens(), is(0));
        Answer whole = run(model, BASE, memory());
        assertThat(whole.result().cache().source(), is("memory"));
        assertThat(whole.result().usage().cachedTokens(), is(whole.result().usage().promptTokens() - 1));
        Answer longer = run(model, BASE + whole.text() + " next", memory());
        assertThat(longer.result().cache().source(), is("memory"));
        // at least the previous prompt (re-tokenizing prompt + answer may split the boundary differently)
        assertThat(longer.result().usage().cachedTokens(), greaterThanOrEqualTo(whole.result().usage().promptTokens() - 1));
        Answer off = run(model, BASE, CacheOptions.disabled());
        assertThat(off.result().cache().source(), is("none"));
        assertThat(run(model, BASE, memory()).result().cache().source(), is("none")); // a run without the cache cleared it
    }

    @Test
    void statesSurviveAFreshLoadThroughTheDiskCache() throws IOException {
        Path cacheDir = dir.resolve("kv");
        CacheOptions disk = new CacheOptions(true, 0, "key-1", cacheDir.toString());
        String expected = run(model, BASE + " again", CacheOptions.disabled()).text();
        Answer saved = run(model, BASE, disk);
        assertThat(saved.result().cache().savedId().isEmpty(), is(false));
        assertThat(saved.result().cache().savedBytes(), greaterThan(1000L));
        model.close();
        model = TinyModels.load(file, 1024);
        Answer fromDisk = run(model, BASE + " again", disk);
        assertThat(fromDisk.result().cache().source(), is("disk"));
        assertThat(fromDisk.result().cache().loadedId(), is(saved.result().cache().savedId()));
        assertThat(fromDisk.result().usage().cachedTokens(), greaterThan(100));
        assertThat(fromDisk.text(), is(expected));
        // another model key never sees it (a fresh instance: nothing in memory)
        model.close();
        model = TinyModels.load(file, 1024);
        Answer foreign = run(model, BASE + " again", new CacheOptions(true, Integer.MAX_VALUE, "key-2", cacheDir.toString()));
        assertThat(foreign.result().cache().source(), is("none"));
        // a corrupt state is skipped (and removed), never a crash
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path f : files.toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length - 1] ^= 0x5A;
                Files.write(f, b);
            }
        }
        model.close();
        model = TinyModels.load(file, 1024);
        Answer corrupt = run(model, BASE + " again", new CacheOptions(true, Integer.MAX_VALUE, "key-1", cacheDir.toString()));
        assertThat(corrupt.result().cache().source(), is("none"));
        assertThat(corrupt.text(), is(expected));
    }
}
