package dev.mlxgguf.bench;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * {@code mlx-gguf-server bench [options]}: parses the options, runs the benchmark, prints the Markdown
 * table to stdout and writes the JSON and Markdown reports when {@code --output} is given.
 */
public final class BenchCommand {

    static final String USAGE = """
            usage: mlx-gguf-server bench [options]
              --url URL              server base URL (default http://127.0.0.1:4000)
              --model NAME           "model" field to send
              --slot ID              X-Model-Id header to send
              --chat | --completion  endpoint (default --chat)
              --concurrency LIST     comma-separated client counts (default 1,4,8)
              --requests N           requests per concurrency level (default 16)
              --prompt-tokens N      prompt length in tokens of the target model (default 128)
              --max-tokens N         tokens generated per request (default 64)
              --timeout SECONDS      bound of the whole run (default 600)
              --output PATH          write PATH.json and PATH.md
              --api-key KEY          send Authorization: Bearer KEY
              --allow-remote         allow a non-loopback URL (off by default)
              --response-format FILE send the JSON object in FILE as every request's response_format
                                     (structured outputs; compare with a run without it)
              --second-turn N        instead: time the second turn of a chat of --prompt-tokens tokens,
                                     N times with the prompt cache off and on (see docs/KV_CACHE.md)
            """;

    private BenchCommand() {
    }

    /**
     * The command-line entry ({@code mlx-gguf-server bench ...} in the runtime image).
     *
     * @param args options after {@code bench}
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8)));
    }

    /**
     * Runs the command.
     *
     * @param args   options after {@code bench}
     * @param out    where the table goes
     * @param err    where progress and errors go
     * @return the process exit code: 0 all ok, 1 some requests failed, 2 bad options
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        BenchConfig config;
        try {
            if (args.contains("-h") || args.contains("--help")) {
                out.print(USAGE);
                return 0;
            }
            config = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            StreamingClient client = new StreamingClient(config);
            PromptBuilder.Prompt prompt = new PromptBuilder(client).build(config.promptTokens());
            err.printf("bench: %s, prompt of %d tokens (%s), %d requests per level%n", config.baseUrl(), prompt.tokens(),
                    prompt.measured() ? "counted by the server" : "estimated", config.requests());
            if (secondTurn(args) > 0) {
                SecondTurnScenario.Result r = new SecondTurnScenario(client, err, secondTurn(args)).run(prompt);
                out.printf("second turn of a %d-token chat: time to first token %.0f ms without the prompt cache, %.0f ms "
                        + "with it (%.1fx; %d prompt tokens reused)%n", r.promptTokens(), r.ttftOffMillis(), r.ttftOnMillis(),
                        r.speedup(), r.cachedTokens());
                return 0;
            }
            List<LevelResult> levels = new BenchRunner(config, client, err).run(prompt);
            BenchReport report = new BenchReport(config, prompt, Instant.now(), levels);
            out.print(report.markdown());
            if (config.output().isPresent()) {
                Path base = config.output().get();
                Files.writeString(Path.of(base + ".json"), report.jsonText());
                Files.writeString(Path.of(base + ".md"), report.markdown());
            }
            return levels.stream().allMatch(l -> l.failed() == 0 && l.notRun() == 0) ? 0 : 1;
        } catch (IOException e) {
            err.println("bench: cannot write the report: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@return the repeat count of {@code --second-turn}, 0 when absent} @param args the options */
    static int secondTurn(List<String> args) {
        int i = args.indexOf("--second-turn");
        return i >= 0 && i + 1 < args.size() ? number(args.get(i + 1), "--second-turn") : 0;
    }

    static BenchConfig parse(List<String> args) {
        URI url = URI.create("http://127.0.0.1:4000");
        Optional<String> model = Optional.empty();
        Optional<String> slot = Optional.empty();
        Optional<String> key = Optional.empty();
        Optional<Path> output = Optional.empty();
        Optional<JsonObject> format = Optional.empty();
        boolean chat = true;
        boolean remote = false;
        List<Integer> concurrency = List.of(1, 4, 8);
        int requests = 16;
        int promptTokens = 128;
        int maxTokens = 64;
        Duration timeout = Duration.ofMinutes(10);
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String a = rest.poll();
            switch (a) {
                case "--url" -> url = URI.create(value(rest, a));
                case "--model" -> model = Optional.of(value(rest, a));
                case "--slot" -> slot = Optional.of(value(rest, a));
                case "--chat" -> chat = true;
                case "--completion" -> chat = false;
                case "--concurrency" -> concurrency = Arrays.stream(value(rest, a).split(",")).map(String::strip)
                        .map(s -> number(s, a)).toList();
                case "--requests" -> requests = number(value(rest, a), a);
                case "--prompt-tokens" -> promptTokens = number(value(rest, a), a);
                case "--max-tokens" -> maxTokens = number(value(rest, a), a);
                case "--timeout" -> timeout = Duration.ofSeconds(number(value(rest, a), a));
                case "--output" -> output = Optional.of(Path.of(value(rest, a)));
                case "--api-key" -> key = Optional.of(value(rest, a));
                case "--allow-remote" -> remote = true;
                case "--second-turn" -> number(value(rest, a), a);
                case "--response-format" -> format = Optional.of(responseFormat(Path.of(value(rest, a))));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("--url must be an http(s) URL");
        }
        if (!remote && !loopback(url.getHost())) {
            throw new IllegalArgumentException("--url " + url + " is not a loopback address; pass --allow-remote to benchmark it");
        }
        return new BenchConfig(url, model, slot, chat, concurrency, requests, promptTokens, maxTokens, timeout, output,
                remote, key, format);
    }

    private static JsonObject responseFormat(Path file) {
        try {
            return Jsonp.parseObject(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--response-format " + file + ": not a readable JSON object (" + e.getMessage() + ")");
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String value(Deque<String> rest, String option) {
        String v = rest.poll();
        if (v == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return v;
    }

    private static int number(String s, String option) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a number: " + s);
        }
    }
}
