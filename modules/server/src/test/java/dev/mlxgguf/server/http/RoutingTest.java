package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Each routing rule of api.md, with real host processes running the fake engine. */
class RoutingTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, 4);
        server.fakeModel("zero.gguf", "text=zero\n");
        server.fakeModel("one.gguf", "text=one\n");
        server.load("0", "zero.gguf");
        server.load("1", "one.gguf");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonObject complete(String body, String... headers) {
        HttpReply r = server.post("/v1/chat/completions", body, headers);
        assertThat(r.body(), r.status(), is(200));
        return TestServer.json(r.body());
    }

    private static String text(JsonObject r) {
        return r.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
    }

    private static final String HI = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"max_tokens\": 1";

    @Test
    void headerWinsOverModelField() {
        JsonObject r = complete("{\"model\": \"zero.gguf\", " + HI + "}", "X-Model-Id", "1");
        assertThat(text(r), is("one"));
        assertThat(r.getString("model"), is("one.gguf"));
    }

    @Test
    void modelFieldPicksTheSlotServingIt() {
        assertThat(text(complete("{\"model\": \"one.gguf\", " + HI + "}")), is("one"));
    }

    @Test
    void unknownModelFallsBackToSlotZero() {
        assertThat(text(complete("{\"model\": \"gpt-4o\", " + HI + "}")), is("zero"));
        assertThat(text(complete("{" + HI + "}")), is("zero"));
    }

    @Test
    void thinkingSuffixReachesTheTemplate() {
        // The fake template renders "thinking: <value>" when enable_thinking is set: 2 more prompt tokens.
        int plain = complete("{\"model\": \"one.gguf\", " + HI + "}").getJsonObject("usage").getInt("prompt_tokens");
        JsonObject on = complete("{\"model\": \"one.gguf-thinking\", " + HI + "}");
        JsonObject off = complete("{\"model\": \"one.gguf-no-thinking\", " + HI + "}");
        assertThat(text(on), is("one"));
        assertThat(on.getJsonObject("usage").getInt("prompt_tokens"), is(plain + 2));
        assertThat(off.getJsonObject("usage").getInt("prompt_tokens"), is(plain + 2));
        int tokens = TestServer.json(server.post("/v1/internal/token-count",
                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"enable_thinking\": true}").body())
                .getInt("length");
        assertThat(tokens, is(5));
    }

    @Test
    void responsesInputTokensCountsTheTemplatedInput() {
        JsonObject r = server.postJson("/v1/responses/input_tokens", "{\"model\": \"one.gguf\", \"input\": \"a b c\"}");
        assertThat(r.getString("object"), is("response.input_tokens"));
        assertThat(r.getInt("input_tokens"), is(5)); // "user: a b c" + "assistant:"
        JsonObject items = server.postJson("/responses/input_tokens", "{\"model\": \"one.gguf\", \"input\": "
                + "[{\"type\": \"message\", \"role\": \"user\", \"content\": [{\"type\": \"input_text\", \"text\": \"x\"}]}]}");
        assertThat(items.getInt("input_tokens"), is(3));
    }
}
