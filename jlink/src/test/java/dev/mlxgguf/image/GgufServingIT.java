package dev.mlxgguf.image;

import dev.mlxgguf.testkit.ByteLevelBpe;
import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.http.HttpReply;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** A GGUF model served by the runtime image: real host process, real llama.cpp, real HTTP. */
class GgufServingIT {

    @TempDir
    static Path models;
    static ImageServer server;
    static final String CHAT = "{\"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
            + " {\"role\": \"user\", \"content\": \"Tell me about the morning.\"}]";

    @BeforeAll
    static void start() {
        TinyGguf.write(models, "tiny.gguf", 1);
        server = ImageServer.start(models);
        server.load("0", "tiny.gguf");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String extra) {
        return CHAT + extra + "}";
    }

    private static JsonObject choice(JsonObject response) {
        return response.getJsonArray("choices").getJsonObject(0);
    }

    @Test
    void chatCompletionHasOpenAiShapeAndExactUsage() {
        JsonObject r = server.postJson("/v1/chat/completions", chat(", \"max_tokens\": 12, \"temperature\": 0"));
        assertThat(r.getString("id"), startsWith("chatcmpl-"));
        assertThat(r.getString("object"), is("chat.completion"));
        assertThat(r.getString("model"), is("tiny.gguf"));
        assertThat(r.getJsonNumber("created").longValue(), greaterThan(1_700_000_000L));
        assertThat(choice(r).getJsonObject("message").getString("role"), is("assistant"));
        assertThat(choice(r).getString("finish_reason"), is("length"));
        JsonObject usage = r.getJsonObject("usage");
        int counted = server.postJson("/v1/internal/token-count", CHAT + "}").getInt("length");
        assertThat(usage.getInt("prompt_tokens"), is(counted));
        assertThat(usage.getInt("completion_tokens"), is(12));
        assertThat(usage.getInt("total_tokens"), is(counted + 12));
    }

    @Test
    void textPromptTokensAreTheTokenizersTokens() {
        String prompt = "The quick brown fox jumps over the lazy dog, naïvely. 你好 😀";
        int expected = ByteLevelBpe.standard().encode(prompt).length;
        assertThat(server.postJson("/v1/internal/token-count", "{\"prompt\": \"" + prompt + "\"}").getInt("length"),
                is(expected));
        JsonObject r = server.postJson("/v1/completions", "{\"prompt\": \"" + prompt + "\", \"max_tokens\": 3}");
        assertThat(r.getString("object"), is("text_completion"));
        assertThat(r.getJsonObject("usage").getInt("prompt_tokens"), is(expected));
    }

    @Test
    void endOfGenerationTokenFinishesWithStop() {
        int eos = ByteLevelBpe.standard().imEndId();
        JsonObject r = server.postJson("/v1/chat/completions",
                chat(", \"max_tokens\": 20, \"logit_bias\": {\"" + eos + "\": 100}"));
        assertThat(choice(r).getString("finish_reason"), is("stop"));
        assertThat(choice(r).getJsonObject("message").getString("content"), is(""));
        assertThat(r.getJsonObject("usage").getInt("completion_tokens"), is(1));
    }

    @Test
    void stopStringEndsWithStopAndIsNotInTheOutput() {
        String full = choice(server.postJson("/v1/completions",
                "{\"prompt\": \"Once upon a time\", \"max_tokens\": 40, \"temperature\": 0}")).getString("text");
        String stop = full.substring(full.length() / 2, full.length() / 2 + 3);
        String expected = full.substring(0, full.indexOf(stop));
        JsonObject r = server.postJson("/v1/completions", "{\"prompt\": \"Once upon a time\", \"max_tokens\": 40,"
                + " \"temperature\": 0, \"stop\": [" + jsonString(stop) + "]}");
        assertThat(choice(r).getString("finish_reason"), is("stop"));
        assertThat(choice(r).getString("text"), is(expected));
        assertThat(choice(r).getString("text").contains(stop), is(false));
    }

    @Test
    void greedyIsDeterministicAndSeedsReproduceSampling() {
        String greedy = chat(", \"max_tokens\": 16, \"temperature\": 0");
        String a = choice(server.postJson("/v1/chat/completions", greedy)).getJsonObject("message").getString("content");
        String b = choice(server.postJson("/v1/chat/completions", greedy)).getJsonObject("message").getString("content");
        assertThat(a, is(b));
        String seeded = chat(", \"max_tokens\": 16, \"temperature\": 1.0, \"top_k\": 0, \"min_p\": 0, \"seed\": 42");
        String s1 = choice(server.postJson("/v1/chat/completions", seeded)).getJsonObject("message").getString("content");
        String s2 = choice(server.postJson("/v1/chat/completions", seeded)).getJsonObject("message").getString("content");
        String other = choice(server.postJson("/v1/chat/completions", seeded.replace("42", "4242")))
                .getJsonObject("message").getString("content");
        assertThat(s1, is(s2));
        assertThat(s1, not(is(other)));
    }

    @Test
    void streamDeltasConcatenateToTheNonStreamText() {
        String body = chat(", \"max_tokens\": 24, \"temperature\": 0");
        String plain = choice(server.postJson("/v1/chat/completions", body)).getJsonObject("message").getString("content");
        HttpReply r = server.post("/v1/chat/completions", chat(", \"max_tokens\": 24, \"temperature\": 0, \"stream\": true"),
                "Accept", "application/json");
        assertThat(r.status(), is(200));
        assertThat(r.header("Content-Type").orElse(""), startsWith("text/event-stream"));
        assertThat(r.body().endsWith("data: [DONE]\n\n"), is(true));
        for (String block : r.body().split("\n\n")) {
            assertThat(block, startsWith("data: "));
        }
        List<String> events = r.events();
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonObject delta = choice(ImageServer.json(e)).getJsonObject("delta");
            if (delta.containsKey("content")) {
                text.append(delta.getString("content"));
            }
        }
        assertThat(text.toString(), is(plain));
        JsonObject last = ImageServer.json(events.get(events.size() - 2));
        assertThat(choice(last).getString("finish_reason"), is("length"));
        assertThat(last.getJsonObject("usage").getInt("completion_tokens"), is(24));
    }

    @Test
    void badRequestsAnswerClearlyAndLeaveNoProcessBehind() {
        int hosts = server.hosts().size();
        HttpReply unknown = server.post("/v1/internal/model/load", "{\"llm_model_name\": \"nope.gguf\"}", "X-Model-Id", "5");
        assertThat(unknown.status(), is(404));
        HttpReply occupied = server.post("/v1/internal/model/load", "{\"llm_model_name\": \"tiny.gguf\"}", "X-Model-Id", "0");
        assertThat(occupied.status(), is(409));
        HttpReply empty = server.post("/v1/chat/completions", chat(""), "X-Model-Id", "9");
        assertThat(empty.status(), is(400));
        assertThat(ImageServer.json(empty.body()).getJsonObject("error").getString("code"), is("model_not_loaded"));
        HttpReply malformed = server.post("/v1/chat/completions", "{\"messages\": [{\"role\": ");
        assertThat(malformed.status(), is(400));
        assertThat(ImageServer.json(malformed.body()).getString("detail").isEmpty(), is(false));
        assertThat(server.hosts().size(), is(hosts));
    }

    @Test
    void applyTemplateRendersTheModelsOwnTemplate() {
        JsonObject r = server.postJson("/apply-template", "{\"messages\": [{\"role\": \"system\", \"content\": \"S\"},"
                + " {\"role\": \"user\", \"content\": \"U ✓\"}]}");
        assertThat(r.getString("prompt"), is("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU ✓<|im_end|>\n"
                + "<|im_start|>assistant\n"));
    }

    private static String jsonString(String s) {
        return jakarta.json.Json.createValue(s).toString();
    }
}
