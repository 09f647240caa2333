package dev.mlxgguf.testkit.soak;

import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;
import dev.mlxgguf.testkit.http.TestHttp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One soak client: until its deadline, a random mix of streamed chat (40 %), non-streamed completions (25 %),
 * streams it abandons after three events (15 %), transcriptions (10 %) and loads or unloads of slot 2 (10 %),
 * on the GGUF slot 0 and the MLX slot 1. Every request must end with a result or an error answer; anything else
 * (a timeout, a stream without {@code [DONE]}, a reset before an answer) is counted lost.
 */
final class SoakClient {

    private static final String[] SPARE = {"spare.gguf", "tiny-mlx-spare"};
    private final TestHttp http;
    private final byte[] speech;
    private final SoakTally tally;
    private final Random random;

    SoakClient(TestHttp http, byte[] speech, SoakTally tally, long seed) {
        this.http = http;
        this.speech = speech;
        this.tally = tally;
        this.random = new Random(seed);
    }

    void runUntil(long endNanos) {
        while (System.nanoTime() < endNanos) {
            int roll = random.nextInt(100);
            String slot = Integer.toString(random.nextInt(2));
            String kind = roll < 40 ? "stream" : roll < 65 ? "completion" : roll < 80 ? "cancel" : roll < 90 ? "transcription"
                    : "load-unload";
            try {
                tally.record(kind, switch (kind) {
                    case "stream" -> stream(slot, false);
                    case "cancel" -> stream(slot, true);
                    case "completion" -> completion(slot);
                    case "transcription" -> transcription();
                    default -> loadOrUnload();
                }, "");
            } catch (RuntimeException | IOException e) {
                tally.record(kind, SoakTally.Outcome.LOST, e.toString());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private SoakTally.Outcome stream(String slot, boolean abandon) throws IOException, InterruptedException {
        String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"tell me " + random.nextInt(1000)
                + "\"}], \"max_tokens\": 24, \"stream\": true}";
        HttpRequest req = http.request("/v1/chat/completions").header("Content-Type", "application/json")
                .header("X-Model-Id", slot).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<InputStream> r = http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body();
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            if (r.statusCode() != 200) {
                return errorBody(lines.lines());
            }
            int events = 0;
            boolean error = false;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals("data: [DONE]")) {
                    return error ? SoakTally.Outcome.ERROR : SoakTally.Outcome.OK;
                }
                if (line.startsWith("data: {\"error\"")) {
                    error = true;
                }
                if (line.startsWith("data: ") && ++events == 3 && abandon) {
                    return SoakTally.Outcome.CANCELLED; // closing the stream hangs up
                }
            }
            throw new IOException("the stream ended without [DONE] after " + events + " events at "
                    + java.time.LocalTime.now() + (error ? " (after an error event)" : ""));
        }
    }

    private SoakTally.Outcome completion(String slot) {
        HttpReply r = http.post("/v1/completions", "{\"prompt\": \"once " + random.nextInt(1000)
                + "\", \"max_tokens\": 16}", "X-Model-Id", slot);
        return r.status() == 200 && r.body().contains("\"choices\"") ? SoakTally.Outcome.OK : errorBody(Stream.of(r.body()));
    }

    private SoakTally.Outcome transcription() throws IOException, InterruptedException {
        MultipartForm form = new MultipartForm().file("file", "speech.wav", "audio/wav", speech).field("model", "whisper-1");
        HttpRequest req = http.request("/v1/audio/transcriptions").header("Content-Type", form.contentType())
                .POST(form.publisher()).build();
        HttpResponse<String> r = http.client().send(req, HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? SoakTally.Outcome.OK : errorBody(Stream.of(r.body()));
    }

    private SoakTally.Outcome loadOrUnload() {
        HttpReply r = random.nextBoolean()
                ? http.post("/v1/internal/model/load", "{\"llm_model_name\": \"" + SPARE[random.nextInt(2)] + "\"}",
                "X-Model-Id", "2")
                : http.post("/v1/internal/model/unload", "", "X-Model-Id", "2");
        return r.status() == 200 ? SoakTally.Outcome.OK : errorBody(Stream.of(r.body()));
    }

    /** An answer that is not a result must be an error in the API's shape; anything else is lost. */
    private static SoakTally.Outcome errorBody(Stream<String> body) {
        Iterator<String> it = body.iterator();
        StringBuilder sb = new StringBuilder();
        while (it.hasNext()) {
            sb.append(it.next());
        }
        if (sb.toString().contains("\"error\"")) {
            return SoakTally.Outcome.ERROR;
        }
        throw new IllegalStateException("an answer that is neither a result nor an error: " + sb);
    }
}
