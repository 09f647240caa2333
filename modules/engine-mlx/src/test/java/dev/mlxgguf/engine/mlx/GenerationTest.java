package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.ByteLevelBpe;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Generation through {@link TextModel}: finish reasons, stop strings, seeds, cancellation, chat, limits. */
class GenerationTest {

    private static final String PROMPT = "The morning was quiet in the small town";
    private static final ByteLevelBpe BPE = ByteLevelBpe.standard();

    @TempDir
    static Path dir;
    private static MlxTextModel model;
    private static TextModel reference;

    @BeforeAll
    static void load() {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel m = TinyArchModel.of(TinyArch.LLAMA, 42, vocab.size());
        model = Engines.mlx(MlxFolder.of(m, vocab, SafetensorsWriter.FloatType.BF16).writeTo(dir.resolve("mlx")));
        reference = Engines.gguf(ArchGguf.of(m, vocab).writeTo(dir.resolve("m.gguf")));
    }

    @AfterAll
    static void close() {
        model.close();
        reference.close();
    }

    private static Map<Integer, Double> banEnd() {
        return Map.of(BPE.imEndId(), -100.0, BPE.endOfTextId(), -100.0);
    }

    private static GenerationRequest request(Prompt prompt, SamplingParams p, int max, List<String> stop, int threads) {
        return new GenerationRequest("t", prompt, p, max, stop, threads);
    }

    private static SamplingParams greedy() {
        return SamplingParams.builder().temperature(0).logitBias(banEnd()).build();
    }

    @Test
    void greedyTextEqualsLlamaCpp() {
        Collector ours = new Collector();
        Collector theirs = new Collector();
        GenerationResult r = model.generate(request(new Prompt.Text(PROMPT), greedy(), 32, List.of(), 0), ours);
        reference.generate(request(new Prompt.Text(PROMPT), greedy(), 32, List.of(), 0), theirs);
        assertThat(ours.text(), is(theirs.text()));
        assertThat(r.finishReason(), is(FinishReason.LENGTH));
        assertThat(r.usage().completionTokens(), is(32));
        assertThat(ours.tokens(), is(32));
        assertThat(r.usage().promptTokens(), is(reference.countTokens(new Prompt.Text(PROMPT))));
    }

    @Test
    void chatIsRenderedWithTheModelTemplateAndCountedLikeLlamaCpp() {
        Prompt.Chat chat = Prompt.Chat.of(List.of(ChatMessage.of("system", "You are terse."), ChatMessage.of("user", "Hi")));
        assertThat(model.renderChat(chat), is("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                + "<|im_start|>assistant\n"));
        assertThat(model.countTokens(chat), is(reference.countTokens(chat)));
        Collector ours = new Collector();
        Collector theirs = new Collector();
        model.generate(request(chat, greedy(), 16, List.of(), 0), ours);
        reference.generate(request(chat, greedy(), 16, List.of(), 0), theirs);
        assertThat(ours.text(), is(theirs.text()));
    }



    @Test
    void seedsAreReproducibleForEverySampler() {
        List<SamplingParams> params = List.of(
                SamplingParams.builder().temperature(1).topK(0).minP(0).seed(7L).logitBias(banEnd()).build(),
                SamplingParams.builder().temperature(0.8).topK(40).topP(0.9).minP(0.05).seed(7L).logitBias(banEnd()).build(),
                SamplingParams.builder().temperature(1.2).topK(0).typicalP(0.8).seed(7L).logitBias(banEnd()).build(),
                SamplingParams.builder().temperature(1).repetitionPenalty(1.3).frequencyPenalty(0.5).presencePenalty(0.5)
                        .seed(7L).logitBias(banEnd()).build(),
                SamplingParams.builder().temperature(1).mirostatMode(1).seed(7L).logitBias(banEnd()).build(),
                SamplingParams.builder().temperature(1).mirostatMode(2).mirostatTau(3).seed(7L).logitBias(banEnd()).build());
        for (SamplingParams p : params) {
            String a = text(p, 20, 0);
            assertThat(p.toString(), text(p, 20, 0), is(a));
            assertThat(p.toString(), text(p, 20, 1), is(a));
        }
        String first = text(params.getFirst(), 30, 0);
        int differing = 0;
        for (long seed = 100; seed < 103; seed++) {
            if (!text(params.getFirst().toBuilder().seed(seed).build(), 30, 0).equals(first)) {
                differing++;
            }
        }
        assertThat(differing, is(greaterThan(0)));
    }

    @Test
    void penaltiesChangeGreedyOutput() {
        SamplingParams penalized = greedy().toBuilder().repetitionPenalty(3).presencePenalty(2).build();
        assertThat(text(penalized, 32, 0), is(not(text(greedy(), 32, 0))));
    }





    private static String text(SamplingParams p, int max, int threads) {
        Collector c = new Collector();
        model.generate(request(new Prompt.Text(PROMPT), p, max, List.of(), threads), c);
        return c.text();
    }
}
