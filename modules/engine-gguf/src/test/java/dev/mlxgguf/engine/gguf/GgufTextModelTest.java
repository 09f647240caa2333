package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.support.contract.Collector;
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
        Collector a = new Collector();
        Collector b = new Collector();
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
    void countTokensMatchesUsage() {
        Prompt.Text text = new Prompt.Text(PROMPT + " <|im_end|>");
        GenerationResult r = model.generate(new GenerationRequest("c", text, greedyNoEnd(), 1, List.of(), 0),
                new Collector());
        assertThat(model.countTokens(text), is(r.usage().promptTokens()));
        assertThat(model.countTokens(text), is(BPE.encode(text.text(), true).length));
        Prompt.Chat chat = TinyModels.chat("Hello there");
        GenerationResult rc = model.generate(new GenerationRequest("c", chat, greedyNoEnd(), 1, List.of(), 0),
                new Collector());
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
            Collector c = new Collector();
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
        Collector a = new Collector();
        model.generate(twoThreads, a);
        assertThat(a.text(), is(generateText(greedyNoEnd(), 10)));
    }

    private static String generateText(SamplingParams sampling, int maxTokens) {
        Collector c = new Collector();
        model.generate(request(PROMPT, sampling, maxTokens, List.of()), c);
        return c.text();
    }
}
