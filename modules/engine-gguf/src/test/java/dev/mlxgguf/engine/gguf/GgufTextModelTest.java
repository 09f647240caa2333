package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.testkit.TinyGguf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.mlxgguf.engine.gguf.TinyModels.BPE;
import static dev.mlxgguf.engine.gguf.TinyModels.greedyNoEnd;
import static dev.mlxgguf.engine.gguf.TinyModels.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Generation on the real llama.cpp with testkit's tiny F32 model (context 64 usable, 256 allocated). */
class GgufTextModelTest {

    private static final String PROMPT = "The morning was quiet in the small town";

    @TempDir
    static Path dir;
    private static GgufTextModel model;

    @BeforeAll
    static void load() {
        model = TinyModels.load(TinyGguf.write(dir, "tiny.gguf", 42), 64);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void greedyIsDeterministic() {
        TinyModels.Collector a = new TinyModels.Collector();
        TinyModels.Collector b = new TinyModels.Collector();
        GenerationResult ra = model.generate(request(PROMPT, greedyNoEnd(), 20, List.of()), a);
        model.generate(request(PROMPT, greedyNoEnd(), 20, List.of()), b);
        assertThat(a.text().length(), is(greaterThan(0)));
        assertThat(b.text(), is(a.text()));
        assertThat(ra.usage().promptTokens(), is(BPE.encode(PROMPT).length));
        assertThat(a.tokens(), is(20));
    }

    @Test
    void seedsMakeSamplingRepeatable() {
        SamplingParams seeded = SamplingParams.builder().temperature(1).topK(0).minP(0).seed(7L)
                .logitBias(TinyModels.banEnd()).build();
        String first = generateText(seeded, 30);
        assertThat(generateText(seeded, 30), is(first));
        int differing = 0;
        for (long seed = 100; seed < 103; seed++) {
            if (!generateText(seeded.toBuilder().seed(seed).build(), 30).equals(first)) {
                differing++;
            }
        }
        assertThat(differing, is(greaterThan(0)));
    }

    @Test
    void maxTokensEndsWithLength() {
        TinyModels.Collector c = new TinyModels.Collector();
        GenerationResult r = model.generate(request(PROMPT, greedyNoEnd(), 7, List.of()), c);
        assertThat(r.finishReason(), is(FinishReason.LENGTH));
        assertThat(r.usage().completionTokens(), is(7));
        assertThat(c.tokens(), is(7));
        GenerationResult zero = model.generate(request(PROMPT, greedyNoEnd(), 0, List.of()), new TinyModels.Collector());
        assertThat(zero.finishReason(), is(FinishReason.LENGTH));
        assertThat(zero.usage().completionTokens(), is(0));
    }

    @Test
    void fullContextEndsWithLength() {
        GenerationResult r = model.generate(request(PROMPT, greedyNoEnd(), -1, List.of()), new TinyModels.Collector());
        assertThat(r.finishReason(), is(FinishReason.LENGTH));
        assertThat(r.usage().totalTokens(), is(64));
    }

    @Test
    void forcedEndOfSequenceStopsAtOnce() {
        SamplingParams forceEos = SamplingParams.builder().temperature(1).seed(1L)
                .logitBias(Map.of(BPE.imEndId(), 100.0)).build();
        TinyModels.Collector c = new TinyModels.Collector();
        GenerationResult r = model.generate(request(PROMPT, forceEos, 50, List.of()), c);
        assertThat(r.finishReason(), is(FinishReason.STOP));
        assertThat(r.usage().completionTokens(), is(1));
        assertThat(c.text(), is(""));
        SamplingParams forceEot = SamplingParams.builder().temperature(0)
                .logitBias(Map.of(BPE.endOfTextId(), 100.0)).build();
        GenerationResult r2 = model.generate(request(PROMPT, forceEot, 50, List.of()), new TinyModels.Collector());
        assertThat(r2.finishReason(), is(FinishReason.STOP));
        assertThat(r2.usage().completionTokens(), is(1));
    }

    @Test
    void stopStringEndsBeforeIt() {
        String full = generateText(greedyNoEnd(), 40);
        int at = 8;
        while (at + 3 <= full.length() && full.substring(at, at + 3).chars().anyMatch(ch -> ch == 0xFFFD || Character.isSurrogate((char) ch))) {
            at++;
        }
        String stop = full.substring(at, at + 3);
        TinyModels.Collector c = new TinyModels.Collector();
        GenerationResult r = model.generate(request(PROMPT, greedyNoEnd(), 40, List.of(stop)), c);
        assertThat(r.finishReason(), is(FinishReason.STOP));
        assertThat(c.text(), is(full.substring(0, full.indexOf(stop))));
        assertThat(r.usage().completionTokens(), is(lessThanOrEqualTo(40)));
    }

    @Test
    void countTokensMatchesUsage() {
        Prompt.Text text = new Prompt.Text(PROMPT + " <|im_end|>");
        GenerationResult r = model.generate(new GenerationRequest("c", text, greedyNoEnd(), 1, List.of(), 0),
                new TinyModels.Collector());
        assertThat(model.countTokens(text), is(r.usage().promptTokens()));
        assertThat(model.countTokens(text), is(BPE.encode(text.text(), true).length));
        Prompt.Chat chat = TinyModels.chat("Hello there");
        GenerationResult rc = model.generate(new GenerationRequest("c", chat, greedyNoEnd(), 1, List.of(), 0),
                new TinyModels.Collector());
        assertThat(model.countTokens(chat), is(rc.usage().promptTokens()));
        assertThat(model.countTokens(chat), is(BPE.encode(model.renderChat(chat), true).length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello world", "The morning was quiet in the small town by the river.",
            "It's 7:15, they'll say 65536 twice; don't!", "  many   spaces\tand\ttabs\n\nand newlines\r\n",
            "café résumé crème brûlée naïve Grüße mañana à bientôt", "日本 中国 你好 こんにちは",
            "emoji 😀 and unseen ✓ Ω ß", "x", "1234567890", "(parenthesised) [bracketed] {braced}"})
    void tokenizationEqualsTheReferenceEncoder(String text) {
        assertArrayEquals(BPE.encode(text), model.tokenize(text, false), text);
        assertArrayEquals(BPE.encode(text, true), model.tokenize(text, true), text);
    }

    @Test
    void specialTokensAreParsedInChatText() {
        String chatText = "<|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n";
        int[] ids = model.tokenize(chatText, true);
        assertArrayEquals(BPE.encode(chatText, true), ids);
        assertThat(ids[0], is(BPE.imStartId()));
    }

    @Test
    void chatRendersWithChatMl() {
        String rendered = model.renderChat(Prompt.Chat.of(List.of(ChatMessage.of("user", "Hello"))));
        assertThat(rendered, containsString("<|im_start|>user\nHello<|im_end|>\n"));
        assertThat(rendered, containsString("<|im_start|>assistant\n"));
        Prompt.Chat noGen = new Prompt.Chat(List.of(ChatMessage.of("user", "Hello")), List.of(), false, Map.of());
        assertThat(model.renderChat(noGen), not(containsString("assistant")));
        assertThat(model.renderChat(Prompt.Chat.of(List.of(new ChatMessage("assistant", "", Map.of())))),
                containsString("<|im_start|>assistant\n<|im_end|>"));
        // Rendered exactly as transformers would: ChatML concatenates content, so None is a template error (400).
        InvalidRequestException none = assertThrows(InvalidRequestException.class,
                () -> model.renderChat(Prompt.Chat.of(List.of(new ChatMessage("assistant", null, Map.of())))));
        assertThat(none.getMessage(), containsString("NoneType"));
    }

    @Test
    void promptsThatDoNotFitAreRejected() {
        String longText = "The river kept moving in the dark. ".repeat(20);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> model.generate(request(longText, greedyNoEnd(), 5, List.of()), new TinyModels.Collector()));
        int tokens = BPE.encode(longText).length;
        assertThat(e.getMessage(), containsString(String.valueOf(tokens)));
        assertThat(e.getMessage(), containsString("64"));
        assertThat(e.param(), is("prompt"));
        InvalidRequestException chat = assertThrows(InvalidRequestException.class, () -> model.generate(
                new GenerationRequest("c", TinyModels.chat(longText), greedyNoEnd(), 5, List.of(), 0),
                new TinyModels.Collector()));
        assertThat(chat.param(), is("messages"));
        InvalidRequestException empty = assertThrows(InvalidRequestException.class,
                () -> model.generate(request("", greedyNoEnd(), 5, List.of()), new TinyModels.Collector()));
        assertThat(empty.param(), is("prompt"));
    }

    @Test
    void logitBiasOutsideTheVocabularyIsRejected() {
        SamplingParams bad = SamplingParams.builder().logitBias(Map.of(BPE.size(), 1.0)).build();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> model.generate(request(PROMPT, bad, 5, List.of()), new TinyModels.Collector()));
        assertThat(e.param(), is("logit_bias"));
    }

    @Test
    void sinkRefusalCancelsQuickly() {
        TinyModels.Collector c = new TinyModels.Collector(3);
        long start = System.nanoTime();
        SamplingParams sampling = greedyNoEnd().toBuilder().logitBias(Map.of(BPE.imEndId(), -100.0,
                BPE.endOfTextId(), -100.0, BPE.id("Ġthe").orElseThrow(), 100.0)).build();
        GenerationResult r = model.generate(request(PROMPT, sampling, -1, List.of()), c);
        assertThat(r.finishReason(), is(FinishReason.CANCELLED));
        assertThat(c.chunks.size(), is(3));
        assertThat(r.usage().completionTokens(), is(3));
        assertThat((System.nanoTime() - start) / 1_000_000, is(lessThanOrEqualTo(2000L)));
    }

    @Test
    void cancellationIsCheckedDuringPromptProcessing() {
        TinyModels.Collector never = new TinyModels.Collector() {
            @Override
            public boolean keepGoing() {
                return false;
            }
        };
        GenerationResult r = model.generate(request(PROMPT, greedyNoEnd(), 10, List.of()), never);
        assertThat(r.finishReason(), is(FinishReason.CANCELLED));
        assertThat(r.usage().completionTokens(), is(0));
        assertThat(never.chunks.size(), is(0));
    }

    @Test
    void everySamplerOptionProducesTokens() {
        SamplingParams base = SamplingParams.builder().seed(3L).logitBias(TinyModels.banEnd()).build();
        Map<String, SamplingParams> variants = new HashMap<>();
        variants.put("defaults", base);
        variants.put("top_k", base.toBuilder().topK(5).minP(0).build());
        variants.put("top_p", base.toBuilder().topK(0).minP(0).topP(0.5).build());
        variants.put("min_p", base.toBuilder().topK(0).minP(0.2).build());
        variants.put("typical_p", base.toBuilder().topK(0).minP(0).typicalP(0.5).build());
        variants.put("penalties", base.toBuilder().repetitionPenalty(1.3).frequencyPenalty(0.5)
                .presencePenalty(0.5).repetitionContextSize(16).build());
        variants.put("penalties greedy", greedyNoEnd().toBuilder().repetitionPenalty(1.5).build());
        variants.put("mirostat 1", base.toBuilder().mirostatMode(1).mirostatTau(3).mirostatEta(0.2).build());
        variants.put("mirostat 2", base.toBuilder().mirostatMode(2).build());
        variants.put("temperature 0.3", base.toBuilder().temperature(0.3).build());
        variants.forEach((name, sampling) -> {
            TinyModels.Collector c = new TinyModels.Collector();
            GenerationResult r = model.generate(request(PROMPT, sampling, 12, List.of()), c);
            assertThat(name, r.finishReason(), is(FinishReason.LENGTH));
            assertThat(name, r.usage().completionTokens(), is(12));
            assertThat(name, c.tokens(), is(12));
        });
    }

    @Test
    void repetitionPenaltyChangesGreedyOutput() {
        String plain = generateText(greedyNoEnd(), 40);
        String penalised = generateText(greedyNoEnd().toBuilder().repetitionPenalty(2.0).repetitionContextSize(64).build(), 40);
        assertThat(penalised, not(is(plain)));
    }

    @Test
    void threadsCanBeSetPerRequest() {
        GenerationRequest twoThreads = new GenerationRequest("t", new Prompt.Text(PROMPT), greedyNoEnd(), 10, List.of(), 2);
        TinyModels.Collector a = new TinyModels.Collector();
        model.generate(twoThreads, a);
        assertThat(a.text(), is(generateText(greedyNoEnd(), 10)));
    }

    private static String generateText(SamplingParams sampling, int maxTokens) {
        TinyModels.Collector c = new TinyModels.Collector();
        model.generate(request(PROMPT, sampling, maxTokens, List.of()), c);
        return c.text();
    }
}
