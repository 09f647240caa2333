package dev.mlxgguf.image;

import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.http.MultipartForm;
import dev.mlxgguf.testkit.http.RawUpload;
import dev.mlxgguf.testkit.speech.AudioEncoder;
import dev.mlxgguf.testkit.speech.SpeechLikeAudio;
import dev.mlxgguf.testkit.speech.TinyWhisper;
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
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/**
 * Transcription through the runtime image: the server starts the whisper host (real whisper.cpp from
 * {@code lib/native/whisper}) with a tiny random-weight model, uploads go over real HTTP, compressed formats through
 * the real ffmpeg. Temperature 0 without fallback keeps random weights quick and deterministic.
 */
class WhisperTranscriptionIT {

    private static final String PATH = "/v1/audio/transcriptions";

    @TempDir
    static Path dir;
    static ImageServer server;
    static byte[] speech;

    @BeforeAll
    static void start() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        TinyGguf.write(models, "chat.gguf", 5);
        Path whisper = TinyWhisper.standard(7).writeTo(dir.resolve("tiny-whisper.bin"));
        speech = Files.readAllBytes(WavWriter.write(dir.resolve("speech.wav"), SpeechLikeAudio.generate(5, 16000, 3),
                16000, 1, WavEncoding.PCM_S16, false));
        server = ImageServer.start(models, "--enable-whisper", "--whisper-model", whisper.toString());
        awaitReady();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void uploadFolderIsEmpty() throws IOException {
        Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "mlxgguf-uploads-" + server.process().pid());
        assertThat(Files.isDirectory(uploads), is(true));
        try (Stream<Path> files = Files.list(uploads)) {
            assertThat(files.toList(), is(List.of()));
        }
    }

    static void awaitReady() {
        ImageServer.until(() -> server.get(PATH).status() == 200 ? java.util.Optional.of(true) : java.util.Optional.empty(),
                java.time.Duration.ofSeconds(60), "the whisper host becoming ready");
    }

    static MultipartForm form(byte[] audio, String fileName, String... fields) {
        MultipartForm f = new MultipartForm().field("model", "whisper-1").field("temperature", "0")
                .field("temperature_increment", "0");
        for (int i = 0; i < fields.length; i += 2) {
            f.field(fields[i], fields[i + 1]);
        }
        return f.file("file", fileName, "application/octet-stream", audio);
    }

    static HttpReply post(MultipartForm form) {
        try {
            HttpResponse<String> r = server.http().client().send(server.http().request(PATH)
                    .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new HttpReply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String ok(MultipartForm form) {
        HttpReply r = post(form);
        assertThat(r.body(), r.status(), is(200));
        return r.body();
    }

    @Test
    void everyResponseFormatFromRealWhisper() {
        JsonObject json = ImageServer.json(ok(form(speech, "meeting.wav")));
        assertThat(json.getString("filename"), is("meeting.wav"));
        String text = json.getString("text");
        assertThat(ok(form(speech, "m.wav", "response_format", "text")), is(text + "\n"));
        String srt = ok(form(speech, "m.wav", "response_format", "srt"));
        String vtt = ok(form(speech, "m.wav", "response_format", "vtt"));
        assertThat(vtt, org.hamcrest.Matchers.startsWith("WEBVTT\n\n"));
        assertSubtitles(srt, ',', "\\d+\\n");
        assertSubtitles(vtt.substring(8), '.', "");
        JsonObject verbose = ImageServer.json(ok(form(speech, "m.wav", "response_format", "verbose_json",
                "timestamp_granularities[]", "segment", "timestamp_granularities[]", "word")));
        assertThat(verbose.getString("text"), is(text));
        double duration = verbose.getJsonNumber("duration").doubleValue();
        assertThat(duration, is(5.0));
        JsonArray segments = verbose.getJsonArray("segments");
        assertThat(segments.size(), greaterThan(0));
        double previous = 0;
        for (JsonObject s : segments.getValuesAs(JsonObject.class)) {
            assertThat(s.getJsonNumber("start").doubleValue(), greaterThanOrEqualTo(previous));
            assertThat(s.getJsonNumber("end").doubleValue(), lessThanOrEqualTo(duration));
            assertThat(s.getJsonArray("tokens").size(), greaterThanOrEqualTo(0));
            previous = s.getJsonNumber("start").doubleValue();
        }
        assertThat(verbose.containsKey("words"), is(true));
        System.err.println("[whisper IT] text of the tiny model: " + text);
    }

    @Test
    void theWhisperHostIsInTheProcessList() {
        JsonObject w = server.getJson("/management/processes").getJsonArray("processes").stream()
                .map(v -> v.asJsonObject()).filter(p -> p.getString("model_id").equals("whisper")).findFirst().orElseThrow();
        assertThat(w.getString("model_type"), is("whisper"));
        assertThat(w.getString("state"), is("ready"));
        assertThat(ProcessHandle.of(w.getJsonNumber("process_id").longValue()).map(ProcessHandle::isAlive).orElse(false),
                is(true));
    }

    @Test
    void theSameInputGivesTheSameOutput() {
        String a = ok(form(speech, "a.wav", "response_format", "verbose_json"));
        String b = ok(form(speech, "b.wav", "response_format", "verbose_json"));
        assertThat(b, is(a));
    }

    @Test
    void compressedUploadsGoThroughFfmpegAndHostileNamesStayOut() throws IOException {
        Path wav = dir.resolve("speech.wav");
        String canary = "/tmp/mlxgguf-canary-" + UUID.randomUUID();
        for (AudioEncoder.Format format : List.of(AudioEncoder.Format.MP3, AudioEncoder.Format.OGG_OPUS)) {
            byte[] audio = Files.readAllBytes(AudioEncoder.encode(wav, dir.resolve("s." + format.extension()), format));
            for (String name : List.of("a\";touch " + canary + ";\"." + format.extension(), "$(touch " + canary + ")."
                    + format.extension(), "-i x.wav")) {
                JsonObject r = ImageServer.json(ok(form(audio, name, "response_format", "verbose_json")));
                assertThat(r.getJsonNumber("duration").doubleValue(), greaterThan(4.5));
            }
        }
        assertThat(Files.exists(Path.of(canary)), is(false));
    }

    @Test
    void badUploadsAreRefused() throws IOException {
        HttpReply text = post(form("#EXTM3U\nfile:///etc/passwd\n".getBytes(), "x.wav"));
        assertThat(text.body(), text.status(), is(400));
        byte[] forged = speech.clone();
        ByteBuffer.wrap(forged).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 655_350_000).putShort(22, (short) 99);
        HttpReply bad = post(form(forged, "forged.wav"));
        assertThat(bad.body(), bad.status(), is(400));
        assertThat(bad.body(), containsString("malformed WAV"));
        assertThat(bad.body(), not(containsString("/tmp")));
        long start = System.nanoTime();
        RawUpload.Result big = RawUpload.declaredLength("127.0.0.1", port(), PATH, "multipart/form-data; boundary=z",
                30L << 20, 128 * 1024, 10_000);
        assertThat(big.response(), big.status(), is(413));
        assertThat(big.closesConnection(), is(true));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), lessThan(5000L));
    }

    @Test
    void chatKeepsAnsweringDuringALongTranscription() throws Exception {
        server.load("0", "chat.gguf");
        byte[] longAudio = Files.readAllBytes(WavWriter.write(dir.resolve("long.wav"),
                SpeechLikeAudio.generate(300, 8000, 9), 8000, 1, WavEncoding.PCM_S16, false));
        long start = System.nanoTime();
        CompletableFuture<HttpReply> transcription = CompletableFuture.supplyAsync(
                () -> post(form(longAudio, "long.wav", "response_format", "text")));
        List<Long> latencies = new ArrayList<>();
        String chat = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hello there\"}], \"max_tokens\": 8,"
                + " \"temperature\": 0}";
        server.awaitProcess("whisper", ImageServer::running, java.time.Duration.ofSeconds(30));
        while (!transcription.isDone() && latencies.size() < 50) {
            long t = System.nanoTime();
            HttpReply r = server.post("/v1/chat/completions", chat, "X-Model-Id", "0");
            assertThat(r.body(), r.status(), is(200));
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t));
        }
        HttpReply done = transcription.get(3, TimeUnit.MINUTES);
        long total = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(done.body(), done.status(), is(200));
        System.err.println("[whisper IT] 300 s of audio transcribed in " + total + " ms; chat latencies during it (ms): "
                + latencies);
        assertThat("no chat ran during the transcription", latencies.isEmpty(), is(false));
    }

    @Test
    void killingTheWhisperHostFailsItsRequestAndItRestarts() throws Exception {
        long pid = whisperHostPid();
        byte[] longAudio = Files.readAllBytes(WavWriter.write(dir.resolve("kill.wav"),
                SpeechLikeAudio.generate(300, 8000, 4), 8000, 1, WavEncoding.PCM_S16, false));
        CompletableFuture<HttpReply> running = CompletableFuture.supplyAsync(
                () -> post(form(longAudio, "kill.wav", "response_format", "json")));
        server.awaitProcess("whisper", ImageServer::running, java.time.Duration.ofSeconds(30));
        assertThat("the transcription ended before the kill", running.isDone(), is(false));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        HttpReply failed = running.get(30, TimeUnit.SECONDS);
        assertThat(failed.body(), failed.status(), is(503));
        assertThat(ImageServer.json(failed.body()).getJsonObject("error").getString("code"), is("model_process_crashed"));
        awaitReady();
        assertThat(whisperHostPid(), not(is(pid)));
        assertThat(ImageServer.json(ok(form(speech, "after.wav"))).containsKey("text"), is(true));
    }

    /** The host process whose environment names the whisper slot (Linux: read from /proc). */
    private static long whisperHostPid() {
        return server.process().descendants().filter(ProcessHandle::isAlive).filter(h -> {
            try {
                return Files.readString(Path.of("/proc", Long.toString(h.pid()), "environ"),
                        java.nio.charset.StandardCharsets.ISO_8859_1).contains("MLXGGUF_HOST_SLOT=whisper\0");
            } catch (IOException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no whisper host")).pid();
    }

    private static int port() {
        return Integer.parseInt(server.http().base().substring(server.http().base().lastIndexOf(':') + 1));
    }

    private static void assertSubtitles(String text, char separator, String index) {
        String time = "\\d{2}:\\d{2}:\\d{2}\\" + separator + "\\d{3}";
        String cue = index + time + " --> " + time + "\\n[^\\n]+\\n\\n";
        assertThat(text, text.matches("(" + cue + ")*"), is(true));
    }

}
