package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** HTTP shapes of the inference endpoints, against real host processes running the test-only fake engine. */
class InferenceApiTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, 4);
        server.fakeModel("words.gguf", "text=one two three four five six\n");
        server.load("0", "words.gguf");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void chatCompletionHasTheOpenAiShape() {
        HttpReply r = server.post("/v1/chat/completions",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi there\"}], \"max_tokens\": 3}");
        assertThat(r.body(), r.status(), is(200));
        JsonObject o = TestServer.json(r.body());
        assertThat(o.getString("id"), startsWith("chatcmpl-"));
        assertThat(o.getString("object"), is("chat.completion"));
        assertThat(o.getString("model"), is("words.gguf"));
        JsonObject choice = o.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getJsonObject("message").getString("role"), is("assistant"));
        assertThat(choice.getJsonObject("message").getString("content"), is("one two three"));
        assertThat(choice.getString("finish_reason"), is("length"));
        JsonObject usage = o.getJsonObject("usage");
        // fake template: "user: hi there\nassistant:" = 4 words
        assertThat(usage.getInt("prompt_tokens"), is(4));
        assertThat(usage.getInt("completion_tokens"), is(3));
        assertThat(usage.getInt("total_tokens"), is(7));
        assertThat(usage.getJsonObject("prompt_tokens_details").getInt("cached_tokens"), is(0));
    }

    @Test
    void streamEventsConcatenateToTheNonStreamText() {
        String req = "{\"prompt\": \"a b\", \"max_tokens\": 5, \"stream\": true}";
        HttpReply r = server.post("/v1/completions", req, "Accept", "application/json");
        assertThat(r.status(), is(200));
        assertThat(r.header("Content-Type").orElse(""), startsWith("text/event-stream"));
        for (String block : r.body().split("\n\n")) {
            if (!block.isEmpty() && !block.startsWith(":")) {
                assertThat(block, startsWith("data: "));
            }
        }
        List<String> events = r.events();
        assertThat(events.getLast(), is("[DONE]"));
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(InferenceApiTest::json).toList();
        String text = chunks.stream().map(c -> c.getJsonArray("choices").getJsonObject(0).getString("text"))
                .collect(Collectors.joining());
        String plain = server.postJson("/v1/completions", "{\"prompt\": \"a b\", \"max_tokens\": 5}")
                .getJsonArray("choices").getJsonObject(0).getString("text");
        assertThat(text, is(plain));
        JsonObject last = chunks.getLast();
        assertThat(last.getJsonArray("choices").getJsonObject(0).getString("finish_reason"), is("length"));
        assertThat(last.getJsonObject("usage").getInt("completion_tokens"), is(5));
        assertThat(last.getJsonObject("usage").containsKey("prompt_eval_time"), is(true));
    }

    @Test
    void includeUsageSendsASeparateUsageChunk() {
        HttpReply r = server.post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}],"
                + " \"max_tokens\": 2, \"stream\": true, \"stream_options\": {\"include_usage\": true}}");
        List<String> events = r.events();
        JsonObject first = json(events.getFirst());
        assertThat(first.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"), is("assistant"));
        JsonObject usageChunk = json(events.get(events.size() - 2));
        assertThat(usageChunk.getJsonArray("choices").size(), is(0));
        assertThat(usageChunk.getJsonObject("usage").getInt("completion_tokens"), is(2));
        JsonObject finalChoice = json(events.get(events.size() - 3));
        assertThat(finalChoice.getJsonArray("choices").getJsonObject(0).getString("finish_reason"), is("length"));
        assertThat(finalChoice.containsKey("usage"), is(false));
    }

    @Test
    void completeTextRidesOnTheFinalChunk() {
        HttpReply r = server.post("/v1/completions",
                "{\"prompt\": \"x\", \"max_tokens\": 3, \"stream\": true, \"complete_text\": true}");
        List<String> events = r.events();
        JsonObject last = json(events.get(events.size() - 2));
        assertThat(last.getJsonArray("choices").getJsonObject(0).getString("complete_text"), is("one two three"));
    }

    @Test
    void stopStringEndsWithStopAndIsNotEmitted() {
        JsonObject o = server.postJson("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 10, \"stop\": \" three\"}");
        JsonObject choice = o.getJsonArray("choices").getJsonObject(0);
        assertThat(choice.getString("text"), is("one two"));
        assertThat(choice.getString("finish_reason"), is("stop"));
        JsonObject arr = server.postJson("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 10, \"stop\": [\"zzz\", \"four\"]}");
        assertThat(arr.getJsonArray("choices").getJsonObject(0).getString("text"), is("one two three "));
    }

    @Test
    void tokenCountUsesTheModelsTokenizer() {
        assertThat(server.postJson("/v1/internal/token-count", "{\"prompt\": \"a b c d e\"}").getInt("length"), is(5));
        assertThat(server.postJson("/v1/internal/token-count", "{\"messages\": [{\"role\": \"user\", \"content\": \"a b\"}]}").getInt("length"), is(4));
    }

    @Test
    void invalidFieldsAreRejectedNamingTheParam() {
        for (String[] c : new String[][] {
                {"{\"prompt\": \"x\", \"max_tokens\": -1}", "max_tokens"},
                {"{\"prompt\": \"x\", \"temperature\": -0.5}", "temperature"},
                {"{\"prompt\": \"x\", \"top_p\": 1.5}", "top_p"},
                {"{\"prompt\": \"x\", \"top_k\": \"many\"}", "top_k"},
                {"{\"prompt\": \"x\", \"stop\": 7}", "stop"},
                {"{\"prompt\": \"x\", \"n\": 2}", "n"},
                {"{\"prompt\": \"x\", \"logit_bias\": {\"abc\": 1}}", "logit_bias"},
                {"{\"prompt\": 5}", "prompt"},
                {"{}", "prompt"}}) {
            HttpReply r = server.post("/v1/completions", c[0]);
            assertThat(c[0], r.status(), is(400));
            assertThat(c[0], TestServer.json(r.body()).getJsonObject("error").getString("param"), is(c[1]));
            assertThat(TestServer.json(r.body()).getString("detail"), is(TestServer.json(r.body()).getJsonObject("error").getString("message")));
        }
        HttpReply both = server.post("/v1/chat/completions", "{\"prompt\": \"x\", \"messages\": []}");
        assertThat(both.status(), is(400));
    }

    @Test
    void aPromptLongerThanTheContextIsContextLengthExceeded() {
        server.fakeModel("small.gguf", "context_length=8\n");
        server.load("6", "small.gguf");
        HttpReply r = server.post("/v1/chat/completions", "{\"messages\": [{\"role\": \"user\", \"content\": "
                + "\"one two three four five six seven eight nine\"}]}", "X-Model-Id", "6");
        assertThat(r.status(), is(400));
        JsonObject error = TestServer.json(r.body()).getJsonObject("error");
        assertThat(error.getString("code"), is("context_length_exceeded"));
        assertThat(error.getString("param"), is("messages"));
        assertThat(error.getString("message"), containsString("the context holds 8 tokens"));
        assertThat(error.getString("message"), containsString("context_length"));
        assertThat(server.post("/v1/internal/model/unload", "", "X-Model-Id", "6").status(), is(200));
    }

    @Test
    void malformedJsonAndDuplicateKeysAre400AndTheSlotKeepsServing() {
        HttpReply r = server.post("/v1/chat/completions", "{\"messages\": [");
        assertThat(r.status(), is(400));
        assertThat(TestServer.json(r.body()).getJsonObject("error").getString("type"), is("invalid_request_error"));
        HttpReply twice = server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1, \"max_tokens\": 9}");
        assertThat(twice.status(), is(400));
        assertThat(TestServer.json(twice.body()).getJsonObject("error").getString("message"), containsString("max_tokens"));
        assertThat(server.post("/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1}").status(), is(200));
    }

    @Test
    void emptySlotIsModelNotLoaded() {
        HttpReply r = server.post("/v1/completions", "{\"prompt\": \"x\"}", "X-Model-Id", "7");
        assertThat(r.status(), is(400));
        assertThat(TestServer.json(r.body()).getJsonObject("error").getString("code"), is("model_not_loaded"));
        HttpReply bad = server.post("/v1/completions", "{\"prompt\": \"x\"}", "X-Model-Id", "../0");
        assertThat(bad.status(), is(400));
        assertThat(TestServer.json(bad.body()).getJsonObject("error").getString("param"), is("X-Model-Id"));
    }

    @Test
    void modelsListsLoadedModels() {
        JsonObject o = server.getJson("/v1/models");
        assertThat(o.getString("object"), is("list"));
        JsonObject m = o.getJsonArray("data").getJsonObject(0);
        assertThat(m.getString("id"), is("words.gguf"));
        assertThat(m.getString("owned_by"), is("organization-owner"));
        assertThat(server.getJson("/v1/models/words.gguf").getString("id"), is("words.gguf"));
        assertThat(server.get("/v1/models/nope").status(), is(404));
    }

    @Test
    void processesShowTheHost() {
        JsonObject p = server.getJson("/management/processes").getJsonArray("processes").getJsonObject(0);
        assertThat(p.getString("model_id"), is("0"));
        assertThat(p.getString("model_path"), not(startsWith("/")));
        assertThat(p.getJsonNumber("process_id").longValue() > 0, is(true));
        assertThat(p.getString("state"), is("ready"));
        assertThat(p.getJsonObject("current_queue").getInt("request_queue_size"), is(0));
        assertThat(server.get("/management/processes").body(), not(containsString(dir.toString())));
    }

    static JsonObject json(String s) {
        return TestServer.json(s);
    }
}
