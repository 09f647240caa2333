package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;

import jakarta.json.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** /apply-template: inline templates render in the server without a model; otherwise the slot's model renders. */
class ApplyTemplateTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, 4);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String body(String template, String extra) {
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi ✓\"}], \"chat_template\": "
                + Json.createValue(template) + extra + "}";
    }

    @Test
    void inlineTemplatesNeedNoModel() {
        String t = "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
                + "{% if add_generation_prompt %}<assistant>{% endif %}{% if enable_thinking %}<think>{% endif %}";
        assertThat(server.postJson("/apply-template", body(t, ", \"bos_token\": \"<s>\"")).getString("prompt"),
                is("<s><user>Hi ✓<assistant>"));
        assertThat(server.postJson("/v1/internal/apply-template", body(t, ", \"add_generation_prompt\": false, "
                + "\"chat_template_kwargs\": {\"enable_thinking\": true}")).getString("prompt"), is("<user>Hi ✓<think>"));
    }

    @Test
    void templateErrorsAre400WithTheLine() {
        HttpReply syntax = server.post("/apply-template", body("line one\n{% if %}", ""));
        assertThat(syntax.status(), is(400));
        assertThat(TestServer.json(syntax.body()).getJsonObject("error").getString("message"), containsString("line 2"));
        HttpReply raised = server.post("/apply-template", body("{{ raise_exception('roles must alternate') }}", ""));
        assertThat(raised.status(), is(400));
        assertThat(TestServer.json(raised.body()).getJsonObject("error").getString("message"),
                containsString("roles must alternate"));
        HttpReply unknown = server.post("/apply-template", body("{{ messages | nosuchfilter }}", ""));
        assertThat(unknown.status(), is(400));
    }

    @Test
    void runawayTemplatesAreStoppedQuickly() {
        long t0 = System.nanoTime();
        HttpReply loop = server.post("/apply-template",
                body("{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}", ""));
        assertThat(loop.status(), is(400));
        HttpReply reflect = server.post("/apply-template", body("{{ ''.__class__.__mro__ }}", ""));
        assertThat(reflect.status(), is(400));
        assertThat((System.nanoTime() - t0) / 1_000_000, lessThan(10_000L));
    }

    @Test
    void withoutATemplateTheSlotsModelRenders() {
        server.fakeModel("t.gguf", "");
        server.load("0", "t.gguf");
        assertThat(server.postJson("/apply-template", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}")
                .getString("prompt"), is("user: Hi\nassistant:"));
        HttpReply empty = server.post("/apply-template", "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}",
                "X-Model-Id", "5");
        assertThat(TestServer.json(empty.body()).getJsonObject("error").getString("code"), is("model_not_loaded"));
    }
}
