package dev.mlxgguf.bench;

import jakarta.json.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a benchmark run does.
 *
 * @param baseUrl       server base URL, e.g. {@code http://127.0.0.1:4000}
 * @param model         the {@code model} field to send, if any
 * @param slot          an {@code X-Model-Id} header to send, if any
 * @param chat          chat completions (true) or text completions
 * @param concurrency   client counts to run, one level after another
 * @param requests      requests per level
 * @param promptTokens  prompt length in tokens of the target model
 * @param maxTokens     tokens to generate per request
 * @param timeout       wall-clock bound of the whole run
 * @param output        where to write the JSON and Markdown reports (same name, .json and .md)
 * @param allowRemote   allow a non-loopback base URL
 * @param apiKey        bearer key to send, if any
 * @param responseFormat a {@code response_format} object every request sends (structured outputs), if any
 */
public record BenchConfig(URI baseUrl, Optional<String> model, Optional<String> slot, boolean chat, List<Integer> concurrency,
                          int requests, int promptTokens, int maxTokens, Duration timeout, Optional<Path> output,
                          boolean allowRemote, Optional<String> apiKey, Optional<JsonObject> responseFormat) {

    /** Upper bounds that keep a run finite. */
    static final int MAX_CONCURRENCY = 256;
    static final int MAX_REQUESTS = 100_000;

    /** Checks the components (a null or out-of-range one throws) and keeps unmodifiable copies of collections. */
    public BenchConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(responseFormat, "responseFormat");
        concurrency = List.copyOf(concurrency);
        if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1 || c > MAX_CONCURRENCY)) {
            throw new IllegalArgumentException("--concurrency values must be 1.." + MAX_CONCURRENCY);
        }
        if (requests < 1 || requests > MAX_REQUESTS) {
            throw new IllegalArgumentException("--requests must be 1.." + MAX_REQUESTS);
        }
        if (promptTokens < 1 || maxTokens < 1) {
            throw new IllegalArgumentException("--prompt-tokens and --max-tokens must be positive");
        }
    }

    /**
     * A run without a response format.
     *
     * @param baseUrl      server base URL
     * @param model        the {@code model} field, if any
     * @param slot         an {@code X-Model-Id} header, if any
     * @param chat         chat completions (true) or text completions
     * @param concurrency  client counts
     * @param requests     requests per level
     * @param promptTokens prompt length in tokens
     * @param maxTokens    tokens to generate per request
     * @param timeout      wall-clock bound
     * @param output       report path, if any
     * @param allowRemote  allow a non-loopback base URL
     * @param apiKey       bearer key, if any
     */
    public BenchConfig(URI baseUrl, Optional<String> model, Optional<String> slot, boolean chat, List<Integer> concurrency,
                       int requests, int promptTokens, int maxTokens, Duration timeout, Optional<Path> output,
                       boolean allowRemote, Optional<String> apiKey) {
        this(baseUrl, model, slot, chat, concurrency, requests, promptTokens, maxTokens, timeout, output, allowRemote, apiKey,
                Optional.empty());
    }
}
