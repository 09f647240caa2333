package dev.mlxgguf.image;

import dev.mlxgguf.testkit.ArchGguf;
import dev.mlxgguf.testkit.ChatTemplateSources;
import dev.mlxgguf.testkit.MlxFolder;
import dev.mlxgguf.testkit.SafetensorsWriter;
import dev.mlxgguf.testkit.TinyArch;
import dev.mlxgguf.testkit.TinyArchModel;
import dev.mlxgguf.testkit.TinyVocab;
import dev.mlxgguf.testkit.http.HttpReply;
import dev.mlxgguf.testkit.schema.RandomTools;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/**
 * Tool calls on the runtime image, both engines, with tiny random-weight models that carry the real tool-capable
 * chat templates of Qwen2.5, Qwen3, Llama 3.1 and Mistral (each template on a GGUF and on a twin MLX folder):
 * random tool sets under {@code required}, a named choice, streaming and {@code parallel_tool_calls: false} always
 * give valid calls (names from the set, arguments valid under the tool's schema by networknt's validator,
 * {@code finish_reason: tool_calls}); {@code none} never does; a tool result goes back through the template; the
 * official OpenAI Node SDK reads the calls, streamed or not. A template that opens a reasoning block
 * (DeepSeek-R1's) gets its text in {@code reasoning_content}.
 */
class ToolCallsIT {

    private static final int TOOL_SETS = 100;
    /** Property schemas at most this long, so that the rendered tools fit the tiny models' context. */
    private static final int SCHEMA_CHARS = 100;
    private static final List<String> TEMPLATES = List.of("qwen2.5", "qwen3", "llama3.1-tools", "mistral-nemo");
    private static final Map<String, String> FORMATS = Map.of("qwen2.5", "<tool_call>", "qwen3", "<tool_call>",
            "llama3.1-tools", "{\"name\"", "mistral-nemo", "[TOOL_CALLS]");
    /** Slot per engine and template: gguf 0-3, mlx 4-7 in template order; 8 and 9 the reasoning template. */
    private static final Map<String, String> SLOTS = new LinkedHashMap<>();

    @TempDir
    static Path root;
    static int markerToken;
    static ImageServer server;

    @BeforeAll
    static void start() throws Exception {
        Path models = Files.createDirectories(root.resolve("models"));
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel m = TinyArchModel.of(TinyArch.QWEN2, 11, vocab.size());
        List<String> templates = new ArrayList<>(TEMPLATES);
        templates.add("deepseek-r1-distill");
        for (String t : templates) {
            String source = ChatTemplateSources.source(t);
            ArchGguf g = ArchGguf.of(m, vocab);
            new ArchGguf(g.model(), g.vocab(), g.weightType(), Optional.of(source)).writeTo(models.resolve(t + ".gguf"));
            MlxFolder.of(m, vocab, SafetensorsWriter.FloatType.BF16).withChatTemplate(source).writeTo(models.resolve(t + "-mlx"));
        }
        // Mistral's marker as the control token its real tokenizer has: it must still reach the parser as text
        TinyVocab special = new TinyVocab.ByteLevel(dev.mlxgguf.testkit.ByteLevelBpe.standard().withControlTokens("[TOOL_CALLS]"),
                TinyVocab.Pre.LLAMA3);
        TinyArchModel ms = TinyArchModel.of(TinyArch.QWEN2, 11, special.size());
        String mistral = ChatTemplateSources.source("mistral-nemo");
        ArchGguf sg = ArchGguf.of(ms, special);
        new ArchGguf(sg.model(), sg.vocab(), sg.weightType(), Optional.of(mistral)).writeTo(models.resolve("marker.gguf"));
        MlxFolder.of(ms, special, SafetensorsWriter.FloatType.BF16).withChatTemplate(mistral).writeTo(models.resolve("marker-mlx"));
        markerToken = special.size() - 1;
        server = ImageServer.start(models);
        for (int i = 0; i < templates.size(); i++) {
            String t = templates.get(i);
            SLOTS.put("gguf " + t, String.valueOf(i));
            SLOTS.put("mlx " + t, String.valueOf(i + templates.size()));
            // the templates' tool prompts with rendered schemas run past the tiny models' 2048 tokens
            for (var load : Map.of(String.valueOf(i), t + ".gguf", String.valueOf(i + templates.size()), t + "-mlx").entrySet()) {
                server.postJson("/v1/internal/model/load", "{\"llm_model_name\": \"" + load.getValue()
                        + "\", \"context_length\": 6144}", "X-Model-Id", load.getKey());
            }
        }
        server.load("20", "marker.gguf");
        server.load("21", "marker-mlx");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A call as the answer carried it. */
    private record Call(String id, String name, String arguments) {
    }

    /** What came back: finish reason, content, reasoning, calls. */
    private record Answer(String finish, String content, String reasoning, List<Call> calls) {
    }

    private static String body(JsonArray tools, String extra) {
        return "{\"messages\": [{\"role\": \"user\", \"content\": \"Use a tool.\"}], \"tools\": " + tools + ", " + extra + "}";
    }

    private static Answer ask(String slot, String body, boolean stream) {
        HttpReply r = server.post("/v1/chat/completions", stream ? body.replaceFirst("\\{", "{\"stream\": true, ") : body,
                "X-Model-Id", slot);
        assertThat(r.body(), r.status(), is(200));
        if (!stream) {
            JsonObject choice = ImageServer.json(r.body()).getJsonArray("choices").getJsonObject(0);
            JsonObject m = choice.getJsonObject("message");
            List<Call> calls = new ArrayList<>();
            if (m.containsKey("tool_calls")) {
                for (JsonValue v : m.getJsonArray("tool_calls")) {
                    JsonObject c = v.asJsonObject();
                    assertThat(c.getString("type"), is("function"));
                    calls.add(new Call(c.getString("id"), c.getJsonObject("function").getString("name"),
                            c.getJsonObject("function").getString("arguments")));
                }
            }
            String content = m.get("content").getValueType() == JsonValue.ValueType.NULL ? null : m.getString("content");
            return new Answer(choice.getString("finish_reason"), content, m.getString("reasoning_content", ""), calls);
        }
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<String[]> calls = new ArrayList<>();
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
            if (delta != null) {
                if (delta.get("content") instanceof jakarta.json.JsonString s) {
                    content.append(s.getString());
                }
                if (delta.get("reasoning_content") instanceof jakarta.json.JsonString s) {
                    reasoning.append(s.getString());
                }
                if (delta.containsKey("tool_calls")) {
                    for (JsonValue v : delta.getJsonArray("tool_calls")) {
                        JsonObject d = v.asJsonObject();
                        int index = d.getInt("index");
                        if (index == calls.size()) {
                            // the first delta of a call names it and carries its id
                            calls.add(new String[] {d.getString("id"), d.getJsonObject("function").getString("name"), ""});
                        }
                        calls.get(index)[2] += d.getJsonObject("function").getString("arguments", "");
                    }
                }
            }
            if (c.get("finish_reason") instanceof jakarta.json.JsonString s) {
                finish = s.getString();
            }
        }
        return new Answer(finish, content.toString(), reasoning.toString(),
                calls.stream().map(c -> new Call(c[0], c[1], c[2])).toList());
    }

    /** Why an answer is wrong for the tool set, or null. */
    private static String problem(Answer a, JsonArray tools, Optional<String> named, boolean parallel) {
        if (!"tool_calls".equals(a.finish())) {
            return "finish_reason " + a.finish();
        }
        if (a.calls().isEmpty()) {
            return "no calls";
        }
        if (!parallel && a.calls().size() != 1) {
            return a.calls().size() + " calls without parallel_tool_calls";
        }
        for (Call c : a.calls()) {
            JsonObject tool = tools.stream().map(v -> v.asJsonObject().getJsonObject("function"))
                    .filter(f -> f.getString("name").equals(c.name())).findFirst().orElse(null);
            if (tool == null || (named.isPresent() && !named.get().equals(c.name()))) {
                return "call of " + c.name();
            }
            if (c.id().isEmpty()) {
                return "a call without an id";
            }
            var errors = new SchemaValidator(tool.getJsonObject("parameters").toString()).errors(c.arguments());
            if (!errors.isEmpty()) {
                return "arguments " + c.arguments() + " of " + c.name() + ": " + errors;
            }
        }
        return null;
    }

    @Test
    void randomToolSetsGiveValidCallsOnBothEngines() throws Exception {
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> ended = Map.of("gguf", new AtomicInteger(), "mlx", new AtomicInteger());
        List<CompletableFuture<Void>> engines = new ArrayList<>();
        for (String engine : List.of("gguf", "mlx")) {
            engines.add(CompletableFuture.runAsync(() -> {
                RandomTools random = new RandomTools(1515, SCHEMA_CHARS);
                for (int i = 0; i < TOOL_SETS; i++) {
                    JsonArray tools = random.next();
                    String template = TEMPLATES.get(i % TEMPLATES.size());
                    String slot = SLOTS.get(engine + " " + template);
                    String name = tools.getJsonObject(i % tools.size()).getJsonObject("function").getString("name");
                    String sampling = "\"temperature\": 1.0, \"max_tokens\": 400, \"seed\": " + (i * 13 + 5);
                    record Mode(String what, String extra, boolean stream, Optional<String> named, boolean parallel) {
                    }
                    for (Mode mode : List.of(
                            new Mode("required", "\"tool_choice\": \"required\"", false, Optional.empty(), true),
                            new Mode("named", "\"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"" + name
                                    + "\"}}", false, Optional.of(name), true),
                            new Mode("streamed", "\"tool_choice\": \"required\"", true, Optional.empty(), true),
                            new Mode("one call", "\"tool_choice\": \"required\", \"parallel_tool_calls\": false", false,
                                    Optional.empty(), false))) {
                        Answer a = ask(slot, body(tools, mode.extra() + ", " + sampling), mode.stream());
                        if ("length".equals(a.finish())) {
                            continue; // cut by max_tokens: the calls are unfinished by request
                        }
                        ended.get(engine).incrementAndGet();
                        String p = problem(a, tools, mode.named(), mode.parallel());
                        if (p != null) {
                            wrong.add(engine + " " + template + " " + mode.what() + ": " + p + "\n  tools " + tools);
                        }
                    }
                }
            }));
        }
        CompletableFuture.allOf(engines.toArray(CompletableFuture[]::new)).get();
        assertThat(wrong, empty());
        System.err.println("[tools] answers that ended by themselves: gguf " + ended.get("gguf") + ", mlx "
                + ended.get("mlx") + " of " + TOOL_SETS * 4);
        for (String engine : ended.keySet()) {
            // random weights write long strings: a share is cut by max_tokens, and at least a hundred are checked
            assertThat(engine + " answers that ended", ended.get(engine).get(), greaterThan(TOOL_SETS));
        }
    }

    @Test
    void noneNeverYieldsCallsAndAutoOnlyValidOnes() {
        RandomTools random = new RandomTools(77, SCHEMA_CHARS);
        for (Map.Entry<String, String> e : SLOTS.entrySet()) {
            String template = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            if (!FORMATS.containsKey(template)) {
                continue;
            }
            for (int seed = 0; seed < 6; seed++) {
                JsonArray tools = random.next();
                Answer none = ask(e.getValue(), body(tools, "\"tool_choice\": \"none\", \"temperature\": 1.0, \"max_tokens\": 60, "
                        + "\"seed\": " + seed), seed % 2 == 0);
                assertThat(e.getKey(), none.calls(), empty());
                assertThat(e.getKey(), none.finish(), not(is("tool_calls")));
                assertThat(e.getKey() + ": " + none.content(), none.content().contains(FORMATS.get(template)), is(false));
                Answer auto = ask(e.getValue(), body(tools, "\"temperature\": 1.0, \"max_tokens\": 200, \"seed\": " + seed),
                        seed % 2 == 1);
                if ("tool_calls".equals(auto.finish())) {
                    assertThat(e.getKey(), problem(auto, tools, Optional.empty(), true), is((String) null));
                }
            }
        }
    }

    @Test
    void aToolResultGoesBackThroughEveryTemplate() {
        JsonArray tools = ImageServer.json("{\"t\": [{\"type\": \"function\", \"function\": {\"name\": \"get_weather\", "
                + "\"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\", \"maxLength\": 8}, "
                + "\"days\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 7}}, \"required\": [\"city\", \"days\"], "
                + "\"additionalProperties\": false}, \"strict\": true}}]}").getJsonArray("t");
        for (Map.Entry<String, String> e : SLOTS.entrySet()) {
            if (!FORMATS.containsKey(e.getKey().substring(e.getKey().indexOf(' ') + 1))) {
                continue;
            }
            Answer first = null;
            for (int seed = 0; seed < 10 && (first == null || first.calls().isEmpty()); seed++) {
                first = ask(e.getValue(), body(tools, "\"tool_choice\": \"required\", \"parallel_tool_calls\": false, "
                        + "\"temperature\": 1.0, \"max_tokens\": 400, \"seed\": " + seed), false);
            }
            assertThat(e.getKey() + ": " + first, first.calls().isEmpty(), is(false));
            Call c = first.calls().getFirst();
            JsonObject call = Json.createObjectBuilder().add("id", c.id()).add("type", "function")
                    .add("function", Json.createObjectBuilder().add("name", c.name()).add("arguments", c.arguments())).build();
            String history = "{\"messages\": [{\"role\": \"user\", \"content\": \"Use a tool.\"}, "
                    + "{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [" + call + "]}, "
                    + "{\"role\": \"tool\", \"tool_call_id\": \"" + c.id() + "\", \"content\": \"42\"}], \"tools\": " + tools
                    + ", \"max_tokens\": 20}";
            HttpReply r = server.post("/v1/chat/completions", history, "X-Model-Id", e.getValue());
            assertThat(e.getKey() + ": " + r.body(), r.status(), is(200));
        }
    }

    @Test
    void badToolRequestsAre400sNamingTheField() {
        String slot = SLOTS.get("gguf qwen2.5");
        JsonArray tools = new RandomTools(9, SCHEMA_CHARS).next();
        record Bad(String body, String param) {
        }
        for (Bad b : List.of(
                new Bad(body(tools, "\"tool_choice\": {\"type\": \"function\", \"function\": {\"name\": \"nope\"}}"), "tool_choice"),
                new Bad(body(tools, "\"tool_choice\": \"sometimes\""), "tool_choice"),
                new Bad("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tool_choice\": \"required\"}", "tool_choice"),
                new Bad(body(Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "function").add("function",
                        Json.createObjectBuilder().add("name", "f").add("strict", true).add("parameters", Json.createObjectBuilder()
                                .add("type", "object").add("properties", Json.createObjectBuilder().add("a",
                                        Json.createObjectBuilder().add("type", "string").add("contentEncoding", "base64")))))).build(), ""),
                        "tools[0].function.parameters"),
                new Bad(body(tools, "\"tool_choice\": \"required\", \"response_format\": {\"type\": \"json_object\"}"), "response_format"),
                new Bad(body(Json.createArrayBuilder().add(Json.createObjectBuilder().add("type", "function").add("function",
                        Json.createObjectBuilder().add("name", "has space"))).build(), ""), "tools[0].function.name"))) {
            String request = b.body().replace(", }", "}");
            HttpReply r = server.post("/v1/chat/completions", request, "X-Model-Id", slot);
            assertThat(request + " -> " + r.body(), r.status(), is(400));
            assertThat(r.body(), ImageServer.json(r.body()).getJsonObject("error").getString("param"), is(b.param()));
        }
        HttpReply r = server.post("/v1/completions", "{\"prompt\": \"x\", \"tools\": " + tools + "}", "X-Model-Id", slot);
        assertThat(r.body(), r.status(), is(400));
        assertThat(r.body(), containsString("tools"));
    }

    @Test
    void aPromptThatOpensReasoningPutsTheTextInReasoningContent() {
        for (String engine : List.of("gguf", "mlx")) {
            String slot = SLOTS.get(engine + " deepseek-r1-distill");
            for (boolean stream : List.of(false, true)) {
                Answer a = ask(slot, "{\"messages\": [{\"role\": \"user\", \"content\": \"Think.\"}], \"max_tokens\": 30, "
                        + "\"temperature\": 1.0, \"seed\": 3}", stream);
                assertThat(engine + " " + a, a.reasoning().isEmpty(), is(false));
                assertThat(engine + " " + a, (a.content() == null ? "" : a.content()).contains("</think>"), is(false));
            }
        }
    }

    @Test
    void aMarkerThatIsAControlTokenIsReadAsText() {
        JsonArray tools = ImageServer.json("{\"t\": [{\"type\": \"function\", \"function\": {\"name\": \"f\", \"parameters\": "
                + "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\", \"minimum\": 0, \"maximum\": 9}}, "
                + "\"required\": [\"n\"]}, \"strict\": true}}]}").getJsonArray("t");
        for (String slot : List.of("20", "21")) {
            String bias = "\"logit_bias\": {\"" + markerToken + "\": 100}";
            Answer plain = ask(slot, "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"max_tokens\": 2, " + bias + "}",
                    false);
            assertThat("slot " + slot, plain.content(), containsString("[TOOL_CALLS]"));
            int calls = 0;
            for (int seed = 0; seed < 4; seed++) {
                Answer a = ask(slot, body(tools, bias + ", \"max_tokens\": 200, \"temperature\": 1.0, \"seed\": " + seed), seed % 2 == 0);
                if (!"length".equals(a.finish())) {
                    assertThat("slot " + slot + " " + a, problem(a, tools, Optional.empty(), true), is((String) null));
                    calls++;
                }
            }
            assertThat("slot " + slot + " auto answers that called", calls, greaterThan(0));
        }
    }

    @Test
    void theOfficialOpenAiNodeSdkReadsTheCalls() {
        NodeSdk.install();
        for (String engine : List.of("gguf", "mlx")) {
            JsonObject out = ImageServer.json(NodeSdk.node("openai-tools.mjs", server.http().base() + "/v1",
                    engine.equals("gguf") ? "qwen2.5.gguf" : "qwen2.5-mlx").trim());
            int valid = 0;
            for (String part : List.of("created", "named", "streamed")) {
                for (JsonValue v : out.getJsonArray(part)) {
                    JsonObject a = v.asJsonObject();
                    if ("length".equals(a.getString("finish"))) {
                        continue;
                    }
                    assertThat(engine + " " + part + " " + a, a.getString("finish"), is("tool_calls"));
                    for (JsonValue c : a.getJsonArray("calls")) {
                        JsonObject fn = c.asJsonObject().getJsonObject("function");
                        if (part.equals("named")) {
                            assertThat(fn.getString("name"), is("get_time"));
                        }
                        assertThat(a.toString(), ImageServer.json(fn.getString("arguments")).getValueType(),
                                is(JsonValue.ValueType.OBJECT));
                    }
                    assertThat(a.toString(), a.getJsonArray("calls").isEmpty(), is(false));
                    valid++;
                }
            }
            assertThat(engine + " SDK answers that ended: " + out, valid, greaterThan(0));
        }
    }
}
