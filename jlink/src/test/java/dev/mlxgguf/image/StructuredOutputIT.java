package dev.mlxgguf.image;

import dev.mlxgguf.grammar.Gbnf;
import dev.mlxgguf.grammar.Grammar;
import dev.mlxgguf.grammar.TokenMatcher;
import dev.mlxgguf.grammar.Vocabulary;
import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.schema.GbnfSamples;
import dev.mlxgguf.testkit.schema.RandomSchemas;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * Structured outputs on the runtime image, both engines on twin random weights (GGUF in slot 0, the MLX
 * folder in slot 1): random schemas at temperature 1 with random seeds always give valid JSON when the
 * answer ends by itself (validated by networknt's validator), streamed or not; {@code json_object} always
 * gives one object; GBNF grammars constrain the text; a generation cut by {@code max_tokens} says
 * {@code length}; unsupported schemas and broken grammars are 400s naming the place.
 */
class StructuredOutputIT {

    private static final int SCHEMAS = 300;
    private static final Map<String, String> SLOTS = Map.of("gguf", "0", "mlx", "1");

    @TempDir
    static Path root;
    static ImageServer server;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel m = TinyArchModel.of(TinyArch.QWEN2, 7, vocab.size());
        MlxFolder.of(m, vocab, SafetensorsWriter.FloatType.BF16).writeTo(models.resolve("tiny-mlx"));
        ArchGguf.of(m, vocab).writeTo(models.resolve("tiny.gguf"));
        server = ImageServer.start(models);
        server.load("0", "tiny.gguf");
        server.load("1", "tiny-mlx");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String chat(String extra) {
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"Answer in JSON.\"}], " + extra + "}";
    }

    /** The answer's text and finish reason, streamed or not. */
    private record Answer(String text, String finish) {
    }

    private static Answer ask(String slot, String body, boolean stream) {
        HttpReply r = server.post("/v1/chat/completions", stream ? body.replaceFirst("\\{", "{\"stream\": true, ") : body,
                "X-Model-Id", slot);
        assertThat(r.body(), r.status(), is(200));
        if (!stream) {
            JsonObject choice = ImageServer.json(r.body()).getJsonArray("choices").getJsonObject(0);
            return new Answer(choice.getJsonObject("message").getString("content"), choice.getString("finish_reason"));
        }
        StringBuilder text = new StringBuilder();
        String finish = null;
        for (String e : r.events()) {
            if (e.equals("[DONE]")) {
                continue;
            }
            var choices = ImageServer.json(e).getJsonArray("choices");
            if (choices.isEmpty()) {
                continue;
            }
            JsonObject c = choices.getJsonObject(0);
            JsonObject delta = c.getJsonObject("delta");
            if (delta != null && delta.containsKey("content") && delta.get("content").getValueType() == JsonValue.ValueType.STRING) {
                text.append(delta.getString("content"));
            }
            if (c.containsKey("finish_reason") && c.get("finish_reason").getValueType() == JsonValue.ValueType.STRING) {
                finish = c.getString("finish_reason");
            }
        }
        return new Answer(text.toString(), finish);
    }

    @Test
    void randomSchemasGiveValidJsonOnBothEngines() throws Exception {
        List<String> invalid = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> stopped = Map.of("gguf", new AtomicInteger(), "mlx", new AtomicInteger());
        List<CompletableFuture<Void>> engines = new ArrayList<>();
        for (String engine : List.of("gguf", "mlx")) {
            engines.add(CompletableFuture.runAsync(() -> {
                RandomSchemas schemas = new RandomSchemas(1203);
                for (int i = 0; i < SCHEMAS; i++) {
                    String schema = ImageServer.json(Json.createObjectBuilder().add("s", schemas.next()).build().toString())
                            .get("s").toString();
                    String body = chat("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"s" + i
                            + "\", \"strict\": true, \"schema\": " + schema + "}}, \"temperature\": 1.0, \"seed\": " + (i * 31 + 7)
                            + ", \"max_tokens\": 400");
                    Answer a = ask(SLOTS.get(engine), body, i % 3 == 0);
                    if (!"stop".equals(a.finish())) {
                        continue;
                    }
                    stopped.get(engine).incrementAndGet();
                    try {
                        var errors = new SchemaValidator(schema).errors(a.text());
                        if (!errors.isEmpty()) {
                            invalid.add(engine + " " + schema + "\n  " + Json.createValue(a.text()) + "\n  " + errors);
                        }
                    } catch (RuntimeException e) {
                        invalid.add(engine + " not JSON: " + schema + "\n  " + Json.createValue(a.text()) + "\n  " + e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(engines.toArray(CompletableFuture[]::new)).get();
        assertThat(invalid, empty());
        System.err.println("[structured] answers that ended by themselves: gguf " + stopped.get("gguf") + ", mlx "
                + stopped.get("mlx") + " of " + SCHEMAS);
        for (String engine : SLOTS.keySet()) {
            assertThat(engine + " answers that ended by themselves", stopped.get(engine).get(), greaterThan(SCHEMAS / 2));
        }
    }

    @Test
    void jsonObjectModeAlwaysGivesOneObject() {
        for (String slot : SLOTS.values()) {
            int stops = 0;
            for (int seed = 0; seed < 20; seed++) {
                Answer a = ask(slot, chat("\"response_format\": {\"type\": \"json_object\"}, \"temperature\": 1.0, \"seed\": "
                        + seed + ", \"max_tokens\": 300"), seed % 2 == 0);
                if ("stop".equals(a.finish())) {
                    stops++;
                    try (var r = Json.createReader(new StringReader(a.text()))) {
                        assertThat(a.text(), r.readValue().getValueType(), is(JsonValue.ValueType.OBJECT));
                    }
                }
            }
            assertThat("slot " + slot + " answers that ended", stops, greaterThan(0));
        }
    }

    @Test
    void gbnfGrammarsConstrainBothEngines() {
        List<String> ended = new ArrayList<>();
        for (String slot : SLOTS.values()) {
            int stops = 0;
            for (String name : GbnfSamples.NAMES) {
                String gbnf = GbnfSamples.text(name);
                Grammar g = Gbnf.parse(gbnf);
                for (int seed = 0; seed < 8; seed++) {
                    Answer a = ask(slot, chat("\"grammar\": " + Json.createValue(gbnf) + ", \"temperature\": 1.0, \"seed\": "
                            + seed + ", \"max_tokens\": 300"), seed % 2 == 1);
                    assertThat(name + " " + a.text(), matchesPrefix(g, a.text(), "stop".equals(a.finish())), is(true));
                    if ("stop".equals(a.finish())) {
                        stops++;
                        ended.add(a.text());
                    }
                }
            }
            assertThat("GBNF answers that ended on slot " + slot, stops, greaterThan(0));
        }
        // the independent checks: ended json.gbnf answers parse as objects, list answers are "- " lines
        for (String text : ended) {
            if (text.startsWith("{")) {
                try (var r = Json.createReader(new StringReader(text))) {
                    assertThat(r.readValue().getValueType(), is(JsonValue.ValueType.OBJECT));
                }
            } else if (text.startsWith("- ")) {
                assertThat(text, text.matches("(- [^\\r\\n\\x0b\\x0c\\x85\\u2028\\u2029]+\\n)+"), is(true));
            }
        }
    }

    private static boolean matchesPrefix(Grammar g, String text, boolean whole) {
        byte[][] pieces = new byte[1][];
        pieces[0] = new byte[] {0};
        TokenMatcher m = new TokenMatcher(g, new Vocabulary(pieces, new int[0]));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return whole ? m.completes(bytes) : m.accepts(bytes);
    }

    @Test
    void completionsFollowASchemaToo() {
        String schema = "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"minimum\": 0, "
                + "\"maximum\": 9}}, \"required\": [\"n\"], \"additionalProperties\": false}";
        SchemaValidator v = new SchemaValidator(schema);
        for (String slot : SLOTS.values()) {
            int ended = 0;
            for (int seed = 0; seed < 6; seed++) {
                boolean stream = seed % 2 == 0;
                HttpReply r = server.post("/v1/completions", "{\"prompt\": \"JSON:\", \"stream\": " + stream
                        + ", \"json_schema\": " + schema + ", \"temperature\": 1.0, \"seed\": " + seed
                        + ", \"max_tokens\": 60}", "X-Model-Id", slot);
                assertThat(r.body(), r.status(), is(200));
                StringBuilder text = new StringBuilder();
                String finish = null;
                for (String e : stream ? r.events() : List.of(r.body())) {
                    if (e.equals("[DONE]") || ImageServer.json(e).getJsonArray("choices").isEmpty()) {
                        continue;
                    }
                    JsonObject c = ImageServer.json(e).getJsonArray("choices").getJsonObject(0);
                    text.append(c.getString("text"));
                    if (c.get("finish_reason") instanceof jakarta.json.JsonString f) {
                        finish = f.getString();
                    }
                }
                if ("stop".equals(finish)) {
                    ended++;
                    assertThat(text.toString(), v.errors(text.toString()), empty());
                }
            }
            assertThat("completions that ended on slot " + slot, ended, greaterThan(0));
        }
    }

    @Test
    void maxTokensInsideTheStructureEndsWithLength() {
        for (String slot : SLOTS.values()) {
            Answer a = ask(slot, chat("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\", "
                    + "\"schema\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"minLength\": 40}}, "
                    + "\"required\": [\"a\"]}}}, \"max_tokens\": 3"), false);
            assertThat(a.finish(), is("length"));
            assertThat(a.text(), a.text().startsWith("{"), is(true));
        }
    }

    @Test
    void unsupportedSchemasAndBrokenGrammarsAre400sNamingThePlace() {
        HttpReply r = server.post("/v1/chat/completions", chat("\"response_format\": {\"type\": \"json_schema\", \"json_schema\": "
                + "{\"name\": \"x\", \"schema\": {\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"array\", "
                + "\"uniqueItems\": true}}}}}"), "X-Model-Id", "0");
        assertThat(r.body(), r.status(), is(400));
        JsonObject error = ImageServer.json(r.body()).getJsonObject("error");
        assertThat(error.getString("type"), is("invalid_request_error"));
        assertThat(error.getString("param"), is("response_format.json_schema.schema"));
        assertThat(error.getString("message"), containsString("/properties/a/uniqueItems"));
        HttpReply g = server.post("/v1/chat/completions", chat("\"grammar\": \"root ::= [a-\""), "X-Model-Id", "1");
        assertThat(g.body(), g.status(), is(400));
        assertThat(ImageServer.json(g.body()).getJsonObject("error").getString("param"), is("grammar"));
        assertThat(ImageServer.json(g.body()).getJsonObject("error").getString("message"), containsString("line 1 column"));
        HttpReply both = server.post("/v1/chat/completions", chat("\"grammar\": \"root ::= \\\"a\\\"\", "
                + "\"response_format\": {\"type\": \"json_object\"}"), "X-Model-Id", "1");
        assertThat(both.body(), both.status(), is(400));
        // the host is still serving
        assertThat(ask("1", chat("\"max_tokens\": 2"), false).finish(), is("length"));
    }

    @Test
    void theOfficialOpenAiNodeSdkCreatesStreamsAndParses() {
        NodeSdk.install();
        for (String engine : List.of("gguf", "mlx")) {
            String model = engine.equals("gguf") ? "tiny.gguf" : "tiny-mlx";
            JsonObject out = ImageServer.json(NodeSdk.node("openai-structured.mjs", server.http().base() + "/v1", model, "100").trim());
            String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":6},"
                    + "\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":120},\"tags\":{\"type\":\"array\","
                    + "\"items\":{\"enum\":[\"a\",\"b\"]},\"maxItems\":2}},\"required\":[\"name\",\"age\",\"tags\"],"
                    + "\"additionalProperties\":false}";
            SchemaValidator v = new SchemaValidator(schema);
            int ended = 0;
            List<JsonObject> answers = new ArrayList<>(out.getJsonArray("created").getValuesAs(JsonObject.class));
            answers.add(out.getJsonObject("streamed"));
            for (JsonObject a : answers) {
                if (a.getString("finish").equals("stop")) {
                    ended++;
                    assertThat(engine + " " + a, v.errors(a.getString("content")), empty());
                }
            }
            assertThat(engine + " SDK answers that ended: " + out, ended, greaterThan(0));
            assertThat(engine + " parse(): " + out, out.get("parsed").getValueType(), is(JsonValue.ValueType.OBJECT));
            JsonObject parsed = out.getJsonObject("parsed").getJsonObject("value");
            assertThat(v.errors(parsed.toString()), empty());
        }
    }
}
