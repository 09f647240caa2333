package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Request bodies to {@link InferenceRequest}s: defaults in their order, and a 400 naming every bad field. */
class InferenceRequestParserTest {

    private static final SamplingParams ENGINE = SamplingParams.builder().repetitionPenalty(1.1).topK(7).build();

    private static InferenceRequest parse(String body, boolean chat, String modelDefaults) {
        return InferenceRequestParser.parse(Jsonp.parseObject(body), chat, Jsonp.parseObject(modelDefaults), ENGINE);
    }

    @Test
    void theDefaultsOfTheFieldsNotSupportedYetAreAccepted() {
        parse("{\"prompt\": \"x\", \"response_format\": {\"type\": \"text\"}, \"echo\": false, \"suffix\": \"\","
                + " \"best_of\": 1}", false, "{}");
    }

    @Test
    void engineDefaultsFillWhatTheModelDefaultsAndTheRequestLeaveOut() {
        InferenceRequest none = parse("{\"prompt\": \"hi\"}", false, "{}");
        assertThat(none.sampling().repetitionPenalty(), is(1.1));
        assertThat(none.sampling().topK(), is(7));
        assertThat(none.maxTokens(), is(InferenceRequestParser.DEFAULT_MAX_TOKENS));
        InferenceRequest model = parse("{\"prompt\": \"hi\"}", false, "{\"repetition_penalty\": 1.3, \"top_k\": 3}");
        assertThat(model.sampling().repetitionPenalty(), is(1.3));
        assertThat(model.sampling().topK(), is(3));
        InferenceRequest request = parse("{\"prompt\": \"hi\", \"repetition_penalty\": 1.0, \"top_k\": 0}", false,
                "{\"repetition_penalty\": 1.3, \"top_k\": 3}");
        assertThat(request.sampling().repetitionPenalty(), is(1.0));
        assertThat(request.sampling().topK(), is(0));
    }

    @Test
    void promptsLimitsAndStreamingOptionsAreRead() {
        InferenceRequest r = parse("{\"prompt\": [\"one\"], \"max_tokens\": null, \"stream\": true, "
                + "\"stream_options\": {\"include_usage\": true}, \"stop\": [\"a\", \"b\"], \"seed\": 5}", false, "{}");
        assertThat(r.prompt(), is(new Prompt.Text("one")));
        assertThat(r.maxTokens(), is(-1));
        assertThat(r.stream(), is(true));
        assertThat(r.includeUsage(), is(true));
        assertThat(r.stop(), is(List.of("a", "b")));
        assertThat(r.sampling().seed(), is(5L));
        assertThat(r.useCache(), is(false));
        InferenceRequest chat = parse("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}", true, "{}");
        assertThat(chat.prompt(), instanceOf(Prompt.Chat.class));
        assertThat(chat.useCache(), is(true));
        assertThat(chat.taskName(), is("completions"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"prompt\": \"x\", \"temperature\": 101}|false|temperature",
        "{\"prompt\": \"x\", \"top_p\": 0}|false|top_p",
        "{\"prompt\": \"x\", \"max_tokens\": 1.5}|false|max_tokens",
        "{\"prompt\": \"x\", \"n\": 2}|false|n",
        "{\"prompt\": \"x\", \"logprobs\": true}|false|logprobs",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"response_format\": {\"type\": \"xml\"}}|true|response_format.type",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"response_format\": {\"type\": \"json_schema\", \"json_schema\": {}}}|true|response_format.json_schema.schema",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"response_format\": {}}|true|response_format",
        "{\"prompt\": \"x\", \"echo\": true}|false|echo",
        "{\"prompt\": \"x\", \"suffix\": \"}\"}|false|suffix",
        "{\"prompt\": \"x\", \"best_of\": 3}|false|best_of",
        "{\"prompt\": [\"a\", \"b\"]}|false|prompt",
        "{\"prompt\": 3}|false|prompt",
        "{}|false|prompt",
        "{\"messages\": []}|true|messages",
        "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"prompt\": \"y\"}|true|prompt",
        "{\"prompt\": \"x\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}|false|messages",
        "{\"prompt\": \"x\", \"logit_bias\": {\"abc\": 1}}|false|logit_bias",
        "{\"prompt\": \"x\", \"stream\": \"yes\"}|false|stream",
        "{\"prompt\": \"x\", \"frequency_penalty\": 3}|false|frequency_penalty"})
    void badFieldsAreRefusedByName(String body, boolean chat, String param) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(body, chat, "{}"));
        assertThat(e.getMessage(), e.param(), is(param));
    }

    @Test
    void aBadModelDefaultIsRefusedLikeARequestField() {
        JsonObject defaults = Jsonp.parseObject("{\"temperature\": -1}");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> InferenceRequestParser.parse(
                Jsonp.parseObject("{\"prompt\": \"x\"}"), false, defaults, SamplingParams.defaults()));
        assertThat(e.param(), is("temperature"));
    }
}
