package dev.mlxgguf.bench;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Builds a prompt of a fixed number of the target model's tokens: varied English words, measured with
 * the server's token-count endpoint ({@code /v1/internal/token-count}) when it has one, else estimated
 * (about 1.3 tokens per word). Each request gets a distinct first line so that prompt caches cannot
 * reuse one request's work for the next.
 */
final class PromptBuilder {

    private static final String[] WORDS = ("the river kept moving through the quiet valley while travellers spoke about old "
            + "harbours distant mountains bright lanterns careful engineers patient gardeners winter markets summer storms "
            + "silver bridges crowded stations open libraries small workshops").split(" ");

    /**
     * The prompt and how its length was established.
     *
     * @param words    the body text (without the per-request first line)
     * @param tokens   its token count
     * @param measured true when the server counted the tokens
     */
    record Prompt(String words, int tokens, boolean measured) {
        String forRequest(int index) {
            return "Request " + index + ".\n" + words;
        }
    }

    private final StreamingClient client;

    PromptBuilder(StreamingClient client) {
        this.client = client;
    }

    /**
     * Finds the number of words whose text has {@code target} tokens (or the closest below).
     *
     * @param target tokens wanted
     * @return the prompt
     */
    Prompt build(int target) {
        Optional<Integer> probe = count(text(1));
        if (probe.isEmpty()) {
            int words = Math.max(1, (int) Math.round(target / 1.3));
            return new Prompt(text(words), target, false);
        }
        int lo = 1;
        int hi = Math.max(2, target * 2);
        int best = 1;
        int bestTokens = probe.get();
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int tokens = count(text(mid)).orElse(Integer.MAX_VALUE);
            if (tokens <= target) {
                best = mid;
                bestTokens = tokens;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return new Prompt(text(best), bestTokens, true);
    }

    static String text(int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(i % 17 == 0 ? ". " : " ");
            }
            sb.append(WORDS[(i * 7 + i / WORDS.length) % WORDS.length]);
        }
        return sb.toString();
    }

    private Optional<Integer> count(String text) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(client.endpoint("/v1/internal/token-count"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Jsonp.object().add("prompt", text).build().toString()));
            client.headers(r);
            HttpResponse<String> res = client.http().send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                return Optional.empty();
            }
            JsonObject o = Jsonp.parseObject(res.body());
            return o.containsKey("length") ? Optional.of(o.getInt("length")) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
