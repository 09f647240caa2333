package dev.mlxgguf.server.speech;

import dev.mlxgguf.server.TestServer;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.WavEncoding;
import dev.mlxgguf.testkit.speech.WavWriter;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** The transcription endpoint's HTTP shapes and checks, over a real host process running the fake speech engine. */
class TranscriptionApiTest {

    @TempDir
    static Path dir;
    static TranscriptionServer server;
    static byte[] wav;

    @BeforeAll
    static void start() throws IOException {
        server = TranscriptionServer.start(dir, "text=alpha beta gamma\nsegments=3\n", 1 << 20);
        wav = Files.readAllBytes(WavWriter.write(dir.resolve("in.wav"), SpeechLikeAudio.generate(3, 16000, 1), 16000, 1,
                WavEncoding.PCM_S16, false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void noUploadIsLeftBehind() {
        assertThat(server.uploadFiles(), is(List.of()));
    }

    private static MultipartForm form(String... fields) {
        MultipartForm f = new MultipartForm().field("model", "whisper-1");
        for (int i = 0; i < fields.length; i += 2) {
            f.field(fields[i], fields[i + 1]);
        }
        return f.file("file", "talk.wav", "audio/wav", wav);
    }

    private static HttpReply ok(MultipartForm form) {
        HttpReply r = server.post(form);
        assertThat(r.body(), r.status(), is(200));
        return r;
    }

    @Test
    void jsonCarriesTextAndTheSanitisedFileName() {
        HttpReply r = ok(form());
        assertThat(r.header("Content-Type").orElse(""), startsWith("application/json"));
        JsonObject o = TestServer.json(r.body());
        assertThat(o.getString("text"), is("alpha beta gamma"));
        assertThat(o.getString("filename"), is("talk.wav"));
    }

    @Test
    void textSrtAndVttAreValid() {
        assertThat(ok(form("response_format", "text")).body(), is("alpha beta gamma\n"));
        List<Subtitles.Cue> srt = Subtitles.srt(ok(form("response_format", "srt")).body());
        List<Subtitles.Cue> vtt = Subtitles.vtt(ok(form("response_format", "vtt")).body());
        assertThat(srt.size(), is(3));
        assertThat(vtt, is(srt));
        assertThat(srt.get(1).text(), is("beta"));
        for (int i = 0; i < srt.size(); i++) {
            assertThat(srt.get(i).start(), lessThanOrEqualTo(srt.get(i).end()));
            if (i > 0) {
                assertThat(srt.get(i - 1).end(), lessThanOrEqualTo(srt.get(i).start()));
            }
        }
    }

    @Test
    void verboseJsonHasOrderedSegmentsAndWordsOnRequest() {
        JsonObject o = TestServer.json(ok(form("response_format", "verbose_json", "language", "de",
                "timestamp_granularities[]", "word", "timestamp_granularities[]", "segment")).body());
        assertThat(o.getString("task"), is("transcribe"));
        assertThat(o.getString("language"), is("de"));
        double duration = o.getJsonNumber("duration").doubleValue();
        assertThat(duration, closeTo(3.0, 0.01));
        JsonArray segments = o.getJsonArray("segments");
        assertThat(segments.size(), is(3));
        double previous = 0;
        for (int i = 0; i < segments.size(); i++) {
            JsonObject s = segments.getJsonObject(i);
            assertThat(s.getInt("id"), is(i));
            for (String key : List.of("seek", "start", "end", "text", "tokens", "temperature", "avg_logprob",
                    "compression_ratio", "no_speech_prob")) {
                assertThat(key, s.containsKey(key), is(true));
            }
            assertThat(s.getJsonNumber("start").doubleValue(), is(closeTo(Math.max(previous, 0), 1e-3)));
            assertThat(s.getJsonNumber("end").doubleValue(), lessThanOrEqualTo(duration));
            previous = s.getJsonNumber("end").doubleValue();
        }
        assertThat(o.getJsonArray("words").size(), is(3));
        JsonObject plain = TestServer.json(ok(form("response_format", "verbose_json")).body());
        assertThat(plain.containsKey("words"), is(false));
        assertThat(plain.getJsonArray("segments").size(), is(3));
    }

    @Test
    void badFieldsAreRefusedWithTheirName() {
        assertParam(server.post(form("response_format", "mp3")), "response_format");
        assertParam(server.post(form("temperature", "hot")), "temperature");
        assertParam(server.post(form("temperature", "1.5")), "temperature");
        assertParam(server.post(form("language", "english!")), "language");
        assertParam(server.post(form("timestamp_granularities[]", "word")), "timestamp_granularities[]");
        assertParam(server.post(new MultipartForm().field("model", "whisper-1")), "file");
        assertParam(server.post(new MultipartForm().file("file", "empty.wav", "audio/wav", new byte[0])), "file");
    }

    @Test
    void nonAudioIsRefusedWhateverItIsCalled() {
        for (String content : List.of("#EXTM3U\n#EXT-X-TARGETDURATION:1\nhttp://127.0.0.1:9/a.ts\n",
                "ffconcat version 1.0\nfile 'file:/etc/passwd'\n", "%PDF-1.7 not audio at all")) {
            HttpReply r = server.post(new MultipartForm().file("file", "song.wav", "audio/wav", content.getBytes()));
            assertParam(r, "file");
            assertThat(r.body(), containsString("not audio"));
        }
    }

    @Test
    void wrongMediaTypeIs415() {
        HttpReply r = server.send("application/json", java.net.http.HttpRequest.BodyPublishers.ofString("{\"file\": \"x\"}"));
        assertThat(r.status(), is(415));
        assertThat(TestServer.json(r.body()).getJsonObject("error").getString("code"), is("unsupported_media_type"));
    }

    @Test
    void malformedMultipartIs400() {
        HttpReply r = server.send("multipart/form-data; boundary=abc",
                java.net.http.HttpRequest.BodyPublishers.ofString("--abc\r\nContent-Disposition: form-data; name=\"file\""));
        assertThat(r.body(), r.status(), is(400));
        assertThat(r.body(), containsString("malformed multipart"));
    }

    @Test
    void concurrentUploadsEachGetTheirOwnAnswer() {
        // As many as the queue holds (4): all are answered in turn, each with its own result.
        List<CompletableFuture<HttpReply>> replies = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> server.post(form("response_format", "text",
                        "language", i % 2 == 0 ? "en" : "fr"))))
                .toList();
        for (CompletableFuture<HttpReply> r : replies) {
            assertThat(r.join().status(), is(200));
            assertThat(r.join().body(), is("alpha beta gamma\n"));
        }
    }

    static void assertParam(HttpReply r, String param) {
        assertThat(r.body(), r.status(), is(400));
        JsonObject e = TestServer.json(r.body()).getJsonObject("error");
        assertThat(e.getString("type"), is("invalid_request_error"));
        assertThat(e.getString("param"), is(param));
        assertThat(TestServer.json(r.body()).getString("detail"), is(e.getString("message")));
        assertThat(r.body(), not(containsString(dir.toString())));
        assertThat(e.getString("message"), not(containsString("upload-")));
    }
}
