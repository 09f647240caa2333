package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.TrainingCorpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.mlxgguf.engine.gguf.TinyModels.BPE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** Prompts longer than one batch (512 tokens) are decoded in chunks, with cancellation checked between them. */
class PromptBatchingTest {

    @TempDir
    Path dir;

    @Test
    void longPromptsAreDecodedInBatchesAndCanBeCancelledBetweenThem() {
        String prompt = TrainingCorpus.TEXT.substring(0, 2600);
        int promptTokens = BPE.encode(prompt).length;
        assertThat(promptTokens, is(greaterThan(512)));
        try (GgufTextModel m = TinyModels.load(TinyGguf.write(dir, "long.gguf", 12), 1024)) {
            GenerationResult r = m.generate(TinyModels.request(prompt, TinyModels.greedyNoEnd(), 5, List.of()),
                    new Collector());
            assertThat(r.finishReason(), is(FinishReason.LENGTH));
            assertThat(r.usage().promptTokens(), is(promptTokens));
            assertThat(r.usage().completionTokens(), is(5));

            int[] checks = {0};
            Collector afterFirstBatch = new Collector() {
                @Override
                public boolean keepGoing() {
                    return checks[0]++ < 1;
                }
            };
            GenerationResult cancelled = m.generate(TinyModels.request(prompt, TinyModels.greedyNoEnd(), 5, List.of()),
                    afterFirstBatch);
            assertThat(cancelled.finishReason(), is(FinishReason.CANCELLED));
            assertThat(cancelled.usage().completionTokens(), is(0));
            assertThat(checks[0], is(2));
        }
    }
}
