package dev.mlxgguf.engine.support.contract;

import dev.mlxgguf.api.CacheOptions;
import dev.mlxgguf.api.ContextLengthExceededException;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.testkit.ByteLevelBpe;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The rules every text engine obeys, run against each engine by a subclass: finish rules (token limit, full
 * context, end-of-generation tokens, stop strings), cancellation (by a push, between prompt chunks), refused
 * prompts and logit-bias ids, and the prompt cache (a hit answers exactly like no cache).
 *
 * <p>A subclass supplies a tiny model with testkit's {@link ByteLevelBpe#standard()} vocabulary and the
 * ChatML template, loaded with a usable context of {@link #CONTEXT} tokens.
 */
public abstract class TextModelContract {

    /** The usable context the model under test is loaded with. */
    public static final int CONTEXT = 64;
    /** The standard tiny vocabulary. */
    protected static final ByteLevelBpe BPE = ByteLevelBpe.standard();
    private static final String PROMPT = "The morning was quiet in the small town";

    /** {@return the model under test (owned by the subclass)} */
    protected abstract TextModel model();

    /**
     * {@return the tokens that end a generation on this engine; the model's EOS ({@code <|im_end|>}) by
     * default}
     */
    protected List<Integer> endTokens() {
        return List.of(BPE.imEndId());
    }

    /** {@return greedy sampling with the end-of-generation tokens banned, so a generation runs to its limit} */
    protected static SamplingParams greedyNoEnd() {
        return SamplingParams.builder().temperature(0)
                .logitBias(Map.of(BPE.imEndId(), -100.0, BPE.endOfTextId(), -100.0)).build();
    }

    private GenerationResult generate(Prompt prompt, SamplingParams p, int max, List<String> stop, TokenSink sink) {
        return model().generate(new GenerationRequest("t", prompt, p, max, stop, 0), sink);
    }

    private GenerationResult generate(SamplingParams p, int max, List<String> stop, TokenSink sink) {
        return generate(new Prompt.Text(PROMPT), p, max, stop, sink);
    }

    private String text(SamplingParams p, int max) {
        Collector c = new Collector();
        generate(p, max, List.of(), c);
        return c.text();
    }

    private static GenerationRequest constrained(SamplingParams p, int max, OutputConstraint c) {
        return new GenerationRequest("g", new Prompt.Text(PROMPT), p, max, List.of(), 0).withConstraint(c);
    }

    @Test
    void aGrammarHoldsInEverySamplingModeEvenAgainstTheLogitBias() {
        OutputConstraint c = new OutputConstraint(OutputConstraint.Kind.GBNF, "root ::= (\"yes\" | \"no\" | [0-9]{1,3}) \"!\"");
        java.util.regex.Pattern valid = java.util.regex.Pattern.compile("(yes|no|[0-9]{1,3})!");
        Map<Integer, Double> pushTheWrongWay = Map.of(BPE.id("Ġthe").orElseThrow(), 100.0);
        SamplingParams base = SamplingParams.builder().seed(3L).logitBias(pushTheWrongWay).build();
        List<SamplingParams> modes = List.of(base.toBuilder().temperature(0).build(),
                base.toBuilder().temperature(1).topK(5).build(), base.toBuilder().temperature(1.5).topP(0.5).topK(0).build(),
                base.toBuilder().temperature(1).minP(0.2).build(), base.toBuilder().temperature(1).typicalP(0.5).build(),
                base.toBuilder().temperature(1).mirostatMode(1).build(), base.toBuilder().temperature(1).mirostatMode(2).build(),
                base.toBuilder().temperature(1).repetitionPenalty(1.3).frequencyPenalty(1).presencePenalty(1).build());
        for (SamplingParams p : modes) {
            Collector out = new Collector();
            GenerationResult r = model().generate(constrained(p, 20, c), out);
            assertThat(p + ": " + out.text(), valid.matcher(out.text()).matches(), is(true));
            assertThat(r.finishReason(), is(FinishReason.STOP));
        }
    }

    @Test
    void theEndTokenWaitsForACompleteSentence() {
        OutputConstraint c = new OutputConstraint(OutputConstraint.Kind.GBNF, "root ::= \"ab\" \"c\"*");
        SamplingParams forceEnd = SamplingParams.builder().temperature(0).logitBias(Map.of(endTokens().getFirst(), 100.0)).build();
        Collector out = new Collector();
        GenerationResult r = model().generate(constrained(forceEnd, 10, c), out);
        assertThat(out.text(), is("ab"));
        assertThat(r.finishReason(), is(FinishReason.STOP));
        Collector cut = new Collector();
        GenerationResult length = model().generate(constrained(greedyNoEnd(), 1, new OutputConstraint(
                OutputConstraint.Kind.JSON_SCHEMA, "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\"}},"
                + "\"required\":[\"k\"]}")), cut);
        assertThat(length.finishReason(), is(FinishReason.LENGTH));
        assertThat(cut.text(), cut.text().startsWith("{"), is(true));
    }

    @Test
    void aSchemaAnswerParsesWhenItEnds() {
        OutputConstraint c = new OutputConstraint(OutputConstraint.Kind.JSON_SCHEMA, "{\"type\":\"object\",\"properties\":"
                + "{\"n\":{\"type\":\"integer\",\"minimum\":-3,\"maximum\":3},\"s\":{\"enum\":[\"x\",\"y\"]}},"
                + "\"required\":[\"n\",\"s\"],\"additionalProperties\":false}");
        int ended = 0;
        for (long seed = 0; seed < 8; seed++) {
            Collector out = new Collector();
            GenerationResult r = model().generate(constrained(SamplingParams.builder().temperature(1).seed(seed).build(), 40, c), out);
            if (r.finishReason() == FinishReason.STOP) {
                ended++;
                var o = dev.mlxgguf.json.Jsonp.parseObject(out.text());
                assertThat(out.text(), Math.abs(o.getInt("n")) <= 3 && List.of("x", "y").contains(o.getString("s")), is(true));
            }
        }
        assertThat(ended, greaterThan(0));
    }

    @Test
    void maxTokensEndsWithLength() {
        Collector c = new Collector();
        GenerationResult r = generate(greedyNoEnd(), 7, List.of(), c);
        assertThat(r.finishReason(), is(FinishReason.LENGTH));
        assertThat(r.usage().completionTokens(), is(7));
        assertThat(c.tokens(), is(7));
        GenerationResult zero = generate(greedyNoEnd(), 0, List.of(), new Collector());
        assertThat(zero.finishReason(), is(FinishReason.LENGTH));
        assertThat(zero.usage().completionTokens(), is(0));
    }

    @Test
    void fullContextEndsWithLength() {
        GenerationResult r = generate(greedyNoEnd(), -1, List.of(), new Collector());
        assertThat(r.finishReason(), is(FinishReason.LENGTH));
        assertThat(r.usage().totalTokens(), is(CONTEXT));
    }

    @Test
    void endOfGenerationTokensStopAtOnceWithoutText() {
        for (int end : endTokens()) {
            SamplingParams force = SamplingParams.builder().temperature(1).seed(1L).logitBias(Map.of(end, 100.0)).build();
            Collector c = new Collector();
            GenerationResult r = generate(force, 50, List.of(), c);
            assertThat(r.finishReason(), is(FinishReason.STOP));
            assertThat(r.usage().completionTokens(), is(1));
            assertThat(c.text(), is(""));
        }
    }

    @Test
    void stopStringEndsBeforeItAndIsNotEmitted() {
        String full = text(greedyNoEnd(), 40);
        int at = 8;
        while (at + 3 <= full.length()
                && full.substring(at, at + 3).chars().anyMatch(ch -> ch == 0xFFFD || Character.isSurrogate((char) ch))) {
            at++;
        }
        String stop = full.substring(at, at + 3);
        Collector c = new Collector();
        GenerationResult r = generate(greedyNoEnd(), 40, List.of(stop), c);
        assertThat(r.finishReason(), is(FinishReason.STOP));
        assertThat(c.text(), is(full.substring(0, full.indexOf(stop))));
        assertThat(r.usage().completionTokens(), is(lessThanOrEqualTo(40)));
    }

    @Test
    void aRefusedPushCancelsAtThatToken() {
        Collector c = new Collector(3);
        SamplingParams sampling = greedyNoEnd().toBuilder().logitBias(Map.of(BPE.imEndId(), -100.0,
                BPE.endOfTextId(), -100.0, BPE.id("Ġthe").orElseThrow(), 100.0)).build();
        GenerationResult r = generate(sampling, -1, List.of(), c);
        assertThat(r.finishReason(), is(FinishReason.CANCELLED));
        assertThat(c.chunks().size(), is(3));
        assertThat(r.usage().completionTokens(), is(3));
    }

    @Test
    void cancellationIsCheckedBeforeThePromptIsComputed() {
        Collector never = new Collector() {
            @Override
            public boolean keepGoing() {
                return false;
            }
        };
        GenerationResult r = generate(greedyNoEnd(), 10, List.of(), never);
        assertThat(r.finishReason(), is(FinishReason.CANCELLED));
        assertThat(r.usage().completionTokens(), is(0));
        assertThat(never.chunks().size(), is(0));
    }

    @Test
    void emptyPromptsAndPromptsThatDoNotFitAreRefused() {
        String longText = "The river kept moving in the dark. ".repeat(20);
        ContextLengthExceededException e = assertThrows(ContextLengthExceededException.class,
                () -> generate(new Prompt.Text(longText), greedyNoEnd(), 5, List.of(), new Collector()));
        assertThat(e.getMessage(), containsString(model().countTokens(new Prompt.Text(longText)) + " tokens"));
        assertThat(e.getMessage(), containsString(CONTEXT + " tokens"));
        assertThat(e.param(), is("prompt"));
        Prompt.Chat chat = Prompt.Chat.of(List.of(dev.mlxgguf.api.ChatMessage.of("user", longText)));
        ContextLengthExceededException c = assertThrows(ContextLengthExceededException.class,
                () -> generate(chat, greedyNoEnd(), 5, List.of(), new Collector()));
        assertThat(c.param(), is("messages"));
        InvalidRequestException empty = assertThrows(InvalidRequestException.class,
                () -> generate(new Prompt.Text(""), greedyNoEnd(), 5, List.of(), new Collector()));
        assertThat(empty.param(), is("prompt"));
    }

    @Test
    void logitBiasIdsOutsideTheVocabularyAreRefused() {
        SamplingParams bad = SamplingParams.builder().logitBias(Map.of(BPE.size(), 1.0)).build();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> generate(bad, 5, List.of(), new Collector()));
        assertThat(e.param(), is("logit_bias"));
        assertThat(e.getMessage(), containsString(String.valueOf(BPE.size())));
    }

    @Test
    void promptCacheHitsAnswerExactlyLikeNoCache() {
        CacheOptions memory = new CacheOptions(true, Integer.MAX_VALUE, "key", "");
        String first = "The morning was quiet and the river kept";
        String second = first + " moving";
        Collector uncached = new Collector();
        model().generate(new GenerationRequest("a", new Prompt.Text(second), greedyNoEnd(), 8, List.of(), 0,
                CacheOptions.disabled()), uncached);
        model().generate(new GenerationRequest("b", new Prompt.Text(first), greedyNoEnd(), 8, List.of(), 0, memory),
                new Collector());
        Collector cached = new Collector();
        GenerationResult hit = model().generate(new GenerationRequest("c", new Prompt.Text(second), greedyNoEnd(), 8,
                List.of(), 0, memory), cached);
        assertThat(hit.cache().source(), is("memory"));
        assertThat(hit.usage().cachedTokens(), is(greaterThan(0)));
        assertThat(cached.text(), is(uncached.text()));
    }
}
