package dev.mlxgguf.bench;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Sends one streaming completion to an OpenAI-compatible server and measures it. Thread-safe (the
 * JDK client is); each call runs on the caller's (virtual) thread.
 */
final class StreamingClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final BenchConfig config;

    StreamingClient(BenchConfig config) {
        this.config = config;
    }

    /**
     * Runs one request.
     *
     * @param prompt the prompt text
     * @return its measurements; never throws for server or network failures
     */
    RequestOutcome run(String prompt) {
        return run(input(prompt));
    }

    /**
     * Runs one streaming request with the given input fields ({@code messages} or {@code prompt}, and any
     * extra fields); sampling, streaming and the model come from the configuration.
     *
     * @param fields the request's own fields
     * @return its measurements; never throws for server or network failures
     */
    RequestOutcome run(JsonObjectBuilder fields) {
        long start = System.nanoTime();
        try {
            HttpResponse<Stream<String>> res = http.send(request(fields), HttpResponse.BodyHandlers.ofLines());
            if (res.statusCode() != 200) {
                String body = String.join("\n", res.body().limit(20).toList());
                return RequestOutcome.failed("HTTP " + res.statusCode() + ": " + shorten(body), millis(start));
            }
            return read(res.body().iterator(), start);
        } catch (IOException e) {
            return RequestOutcome.failed("connection failed: " + e.getMessage(), millis(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RequestOutcome.failed("interrupted", millis(start));
        }
    }

    private RequestOutcome read(Iterator<String> lines, long start) {
        long first = 0;
        long last = 0;
        int chunks = 0;
        int usageTokens = -1;
        int cached = 0;
        RequestOutcome.EngineTimes engine = RequestOutcome.EngineTimes.NONE;
        boolean finished = false;
        while (lines.hasNext()) {
            String line = lines.next();
            if (!line.startsWith("data:")) {
                continue;
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                break;
            }
            JsonObject event = parse(data);
            if (event == null) {
                return RequestOutcome.failed("malformed event: " + shorten(data), millis(start));
            }
            if (event.containsKey("error")) {
                return RequestOutcome.failed("error event: " + shorten(data), millis(start));
            }
            if (event.get("usage") instanceof JsonObject u && u.containsKey("completion_tokens")) {
                usageTokens = u.getInt("completion_tokens");
                if (u.get("prompt_tokens_details") instanceof JsonObject d && d.containsKey("cached_tokens")) {
                    cached = d.getInt("cached_tokens");
                }
                if (u.get("prompt_eval_time") instanceof JsonNumber pt && u.get("generation_time") instanceof JsonNumber gt) {
                    engine = new RequestOutcome.EngineTimes(pt.doubleValue() * 1000, gt.doubleValue() * 1000);
                }
            }
            if (event.get("choices") instanceof JsonArray choices && !choices.isEmpty()) {
                JsonObject c = choices.getJsonObject(0);
                if (!text(c).isEmpty()) {
                    long now = System.nanoTime();
                    first = first == 0 ? now : first;
                    last = now;
                    chunks++;
                }
                finished |= c.containsKey("finish_reason") && c.get("finish_reason").getValueType() == JsonValue.ValueType.STRING;
            }
        }
        if (!finished) {
            return RequestOutcome.failed("stream ended without a finish reason", millis(start));
        }
        double ttft = first == 0 ? millis(start) : (first - start) / 1e6;
        return new RequestOutcome(true, "", ttft, millis(start), usageTokens >= 0 ? usageTokens : chunks,
                first == 0 ? 0 : (last - first) / 1e6, cached, engine);
    }

    private static String text(JsonObject choice) {
        if (choice.get("delta") instanceof JsonObject d && d.get("content") instanceof jakarta.json.JsonString s) {
            return s.getString();
        }
        return choice.get("text") instanceof jakarta.json.JsonString s ? s.getString() : "";
    }

    /**
     * The input fields for a prompt: one user message for chat, else the prompt text.
     *
     * @param prompt the text
     * @return the fields
     */
    JsonObjectBuilder input(String prompt) {
        return config.chat()
                ? Jsonp.object().add("messages", Jsonp.array()
                        .add(Jsonp.object().add("role", "user").add("content", prompt)))
                : Jsonp.object().add("prompt", prompt);
    }

    private HttpRequest request(JsonObjectBuilder fields) {
        JsonObjectBuilder b = Jsonp.object(fields.build())
                .add("max_tokens", config.maxTokens())
                .add("temperature", 0)
                .add("stream", true)
                .add("stream_options", Jsonp.object().add("include_usage", true));
        config.model().ifPresent(m -> b.add("model", m));
        config.responseFormat().ifPresent(f -> b.add("response_format", f));
        HttpRequest.Builder r = HttpRequest.newBuilder(endpoint(config.chat() ? "/v1/chat/completions" : "/v1/completions"))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(b.build().toString()));
        headers(r);
        return r.build();
    }

    /**
     * Adds the slot and authorization headers.
     *
     * @param r a request builder
     */
    void headers(HttpRequest.Builder r) {
        config.slot().ifPresent(s -> r.header("X-Model-Id", s));
        config.apiKey().ifPresent(k -> r.header("Authorization", "Bearer " + k));
    }

    /**
     * An endpoint of the server.
     *
     * @param path the path
     * @return its URI
     */
    URI endpoint(String path) {
        String base = config.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    HttpClient http() {
        return http;
    }

    private static JsonObject parse(String data) {
        try {
            return Jsonp.parseObject(data);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    static String shorten(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
