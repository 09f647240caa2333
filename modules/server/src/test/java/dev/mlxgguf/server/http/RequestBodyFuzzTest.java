package dev.mlxgguf.server.http;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.fuzz.Fuzzer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Fuzzed JSON bodies for every route that takes one, over real HTTP, against real host processes (fake engine): each
 * answer is a result or a 4xx error in the API's shape, never a 5xx or a hang, and the server keeps answering.
 */
class RequestBodyFuzzTest {

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, b -> b.queueCapacity(16));
        server.fakeModel("m.gguf", "text=fuzzed answer\n");
        server.fakeModel("spare.gguf", "text=spare\n");
        server.load("0", "m.gguf");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("/v1/completions", List.of(
                        "{\"prompt\": \"hi\", \"max_tokens\": 4, \"temperature\": 0.5, \"stop\": [\"x\"], \"seed\": 3}",
                        "{\"prompt\": [\"a\"], \"stream\": true, \"stream_options\": {\"include_usage\": true}, \"max_tokens\": 3}",
                        "{\"prompt\": \"p\", \"top_p\": 0.9, \"top_k\": 5, \"min_p\": 0.1, \"logit_bias\": {\"5\": -100},"
                                + " \"repetition_penalty\": 1.2, \"frequency_penalty\": 0.1, \"max_tokens\": 2}")),
                Arguments.of("/v1/chat/completions", List.of(
                        "{\"messages\": [{\"role\": \"system\", \"content\": \"s\"}, {\"role\": \"user\", \"content\": \"q\"}],"
                                + " \"max_tokens\": 4}",
                        "{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"q\"}]}],"
                                + " \"stream\": true, \"max_completion_tokens\": 3, \"enable_thinking\": false}",
                        "{\"model\": \"m.gguf\", \"messages\": [{\"role\": \"user\", \"content\": \"q\"}], \"tools\": [{\"type\":"
                                + " \"function\", \"function\": {\"name\": \"f\", \"parameters\": {}}}], \"max_tokens\": 2}")),
                Arguments.of("/v1/internal/model/load", List.of(
                        "{\"llm_model_name\": \"spare.gguf\", \"context_length\": 512}",
                        "{\"llm_model_name\": \"spare.gguf\", \"auto_unload\": true, \"priority\": 2}")),
                Arguments.of("/v1/internal/model/unload", List.of("{}", "")),
                Arguments.of("/v1/internal/token-count", List.of("{\"prompt\": \"count me\"}",
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}]}")),
                Arguments.of("/v1/responses/input_tokens", List.of("{\"input\": \"count me\"}",
                        "{\"input\": [{\"role\": \"user\", \"content\": \"q\"}], \"instructions\": \"i\"}")),
                Arguments.of("/v1/internal/apply-template", List.of(
                        "{\"messages\": [{\"role\": \"user\", \"content\": \"q\"}], \"chat_template\": \"{% for m in messages %}"
                                + "{{ m.role }}: {{ m.content }}\\n{% endfor %}\"}")),
                Arguments.of("/management/process/clean-up", List.of("{\"timeout\": 3600}", "{\"timeout\": 0.5}")),
                Arguments.of("/management/process/restart", List.of("{}")));
    }

    @ParameterizedTest
    @MethodSource("routes")
    void everyAnswerIsAResultOrA4xx(String path, List<String> seeds) throws IOException {
        String slot = path.contains("/model/") ? "7" : "0"; // loads and unloads go to a slot of their own
        Fuzzer.Report r = Fuzzer.run(path, seeds.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList(),
                path.hashCode(), Duration.ofSeconds(20), input -> {
                    HttpRequest req = server.http().request(path).header("Content-Type", "application/json")
                            .header("X-Model-Id", slot).POST(HttpRequest.BodyPublishers.ofByteArray(input)).build();
                    HttpResponse<String> res = server.http().client().send(req, HttpResponse.BodyHandlers.ofString());
                    if (path.endsWith("/load") && res.statusCode() == 200) {
                        server.post("/v1/internal/model/unload", "", "X-Model-Id", slot); // the next load finds it free
                    }
                    if (res.statusCode() >= 500) {
                        throw new AssertionError(res.statusCode() + " " + res.body());
                    }
                    if (res.statusCode() >= 400) {
                        if (!res.body().contains("\"error\"")) {
                            throw new AssertionError("an error without the API's error body: " + res.body());
                        }
                        throw new Fuzzer.Refused(res.body());
                    }
                });
        assertThat(r.failures().toString(), r.failed(), is(0));
        assertThat(server.get("/health").status(), is(200));
        try (Stream<Path> kv = Files.exists(dir.resolve("kv-cache")) ? Files.list(dir.resolve("kv-cache")) : Stream.empty()) {
            assertThat(kv.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList(), is(List.of()));
        }
    }
}
