package dev.mlxgguf.bench;

import dev.mlxgguf.server.TestServer;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** The bench command against the project's server (fake engine), an unreachable URL and a failing server. */
class BenchCommandTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run bench(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void reportsEveryLevelWithCounts() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("models"), 8)) {
            Files.createDirectories(dir.resolve("models"));
            s.fakeModel("b.gguf", "text=one two three\n");
            s.load("0", "b.gguf");
            Path report = dir.resolve("report");
            Run r = bench("--url", s.http().base(), "--concurrency", "1,2", "--requests", "4", "--prompt-tokens", "12",
                    "--max-tokens", "5", "--output", report.toString(), "--completion");
            assertThat(r.err(), r.code(), is(0));
            JsonObject json = TestServer.json(Files.readString(Path.of(report + ".json")));
            assertThat(json.getString("mode"), is("completion"));
            assertThat(json.getBoolean("prompt_tokens_measured"), is(true));
            assertThat(json.getInt("prompt_tokens"), lessThanOrEqualTo(12));
            assertThat(json.getInt("prompt_tokens"), greaterThan(8));
            assertThat(json.getJsonArray("levels").size(), is(2));
            for (int i = 0; i < 2; i++) {
                JsonObject level = json.getJsonArray("levels").getJsonObject(i);
                assertThat(level.getInt("concurrency"), is(i + 1));
                assertThat(level.getInt("ok"), is(4));
                assertThat(level.getInt("failed"), is(0));
                assertThat(level.getInt("completion_tokens"), is(20));
                assertThat(level.getJsonObject("ttft_ms").getInt("count"), is(4));
                assertThat(level.getJsonObject("latency_ms").getJsonNumber("p99").doubleValue()
                        >= level.getJsonObject("latency_ms").getJsonNumber("p50").doubleValue(), is(true));
                assertThat(level.getJsonObject("decode_tokens_per_second").getInt("count"), is(4));
                // the server reports the engine's own times in usage: the overhead columns are filled
                assertThat(level.getJsonObject("engine_decode_tokens_per_second").getInt("count"), is(4));
                assertThat(level.getJsonObject("ttft_minus_engine_prompt_ms").getInt("count"), is(4));
                assertThat(level.getJsonNumber("aggregate_tokens_per_second").doubleValue() > 0, is(true));
            }
            String md = Files.readString(Path.of(report + ".md"));
            assertThat(md, containsString("| concurrency |"));
            assertThat(md.lines().filter(l -> l.startsWith("| 1 |") || l.startsWith("| 2 |")).count(), is(2L));
            assertThat(r.out(), is(md));
            assertThat(r.err(), containsString("[concurrency 2] 4/4 done, 0 failed"));
        }
    }

    @Test
    void theSecondTurnScenarioReportsBothTimes() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("m2"), 8)) {
            Files.createDirectories(dir.resolve("m2"));
            s.fakeModel("t.gguf", "");
            s.load("0", "t.gguf");
            Run r = bench("--url", s.http().base(), "--second-turn", "2", "--prompt-tokens", "40", "--max-tokens", "3");
            assertThat(r.err(), r.code(), is(0));
            assertThat(r.out(), containsString("time to first token"));
            assertThat(r.err(), containsString("[second turn] 2/2"));
        }
    }

    @Test
    void anUnreachableServerIsReportedAsFailures() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path report = dir.resolve("down");
        Run r = bench("--url", "http://127.0.0.1:" + port, "--concurrency", "2", "--requests", "3", "--output",
                report.toString());
        assertThat(r.code(), is(1));
        JsonObject level = TestServer.json(Files.readString(Path.of(report + ".json"))).getJsonArray("levels").getJsonObject(0);
        assertThat(level.getInt("ok"), is(0));
        assertThat(level.getInt("failed"), is(3));
        assertThat(level.getJsonObject("errors").keySet().iterator().next(), containsString("connection failed"));
    }

    @Test
    void serverErrorsAreReportedAsFailures() {
        try (TestServer s = TestServer.start(dir, 4)) {
            Run r = bench("--url", s.http().base(), "--slot", "7", "--concurrency", "1", "--requests", "2");
            assertThat(r.code(), is(1));
            assertThat(r.out(), containsString("| 1 | 0 | 2 |"));
        }
    }

    @Test
    void badOptionsAndRemoteUrlsAreRefused() {
        assertThat(bench("--url", "http://192.0.2.1:4000").code(), is(2));
        assertThat(bench("--concurrency", "0").code(), is(2));
        assertThat(bench("--requests", "x").code(), is(2));
        assertThat(bench("--bogus").err(), containsString("unknown option --bogus"));
    }
}
