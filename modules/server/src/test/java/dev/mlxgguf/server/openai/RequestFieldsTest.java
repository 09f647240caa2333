package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.json.Jsonp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fail-closed table: every refused value of the table gets a 400 naming its field, every no-op is accepted,
 * a field outside the table is refused, and docs/OPENAI_COMPAT.md publishes exactly this table.
 */
class RequestFieldsTest {

    private static final Path DOC = Path.of("../../docs/OPENAI_COMPAT.md");
    private static final String BEGIN = "<!-- fields:begin (generated from RequestFields by RequestFieldsTest) -->";
    private static final String END = "<!-- fields:end -->";
    private static final Map<String, String> NO_OP_SAMPLES = Map.of("user", "\"u-1\"", "safety_identifier", "\"s\"",
            "metadata", "{\"k\": \"v\"}", "store", "true", "service_tier", "\"auto\"", "prompt_cache_key", "\"k\"",
            "parallel_tool_calls", "false");

    private static void parse(RequestFields.Field f, String value) {
        boolean chat = f.endpoint() != RequestFields.Endpoint.COMPLETIONS;
        String base = chat ? "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]" : "{\"prompt\": \"hi\"";
        String body = f.name().equals("messages") || f.name().equals("prompt")
                ? (chat ? "{" : "{") + "\"" + f.name() + "\": " + value + "}"
                : base + ", \"" + f.name() + "\": " + value + "}";
        InferenceRequestParser.parse(Jsonp.parseObject(body), chat, Jsonp.parseObject("{}"), SamplingParams.defaults());
    }

    @Test
    void everyRefusedValueIs400NamingItsField() {
        for (RequestFields.Field f : RequestFields.all()) {
            f.refused().ifPresent(v -> {
                InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> parse(f, v), f.name() + " " + v);
                assertThat(f.name() + ": " + e.getMessage(), e.param(), startsWith(f.name()));
            });
            if (f.status() == RequestFields.Status.REFUSED) {
                assertThat(f.name() + " has a refused example", f.refused().isPresent(), is(true));
            }
        }
    }

    @Test
    void noOpsAreAcceptedAndUnknownFieldsRefused() {
        for (RequestFields.Field f : RequestFields.all()) {
            if (f.status() == RequestFields.Status.NO_OP) {
                parse(f, NO_OP_SAMPLES.get(f.name()));
            }
        }
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> InferenceRequestParser.parse(
                Jsonp.parseObject("{\"prompt\": \"hi\", \"cache_prompt\": true}"), false, Jsonp.parseObject("{}"),
                SamplingParams.defaults()));
        assertThat(e.param(), is("cache_prompt"));
        // chat-only fields are unknown to completions
        assertThrows(InvalidRequestException.class, () -> InferenceRequestParser.parse(
                Jsonp.parseObject("{\"prompt\": \"hi\", \"tools\": []}"), false, Jsonp.parseObject("{}"), SamplingParams.defaults()));
    }

    @Test
    void theDocumentPublishesThisTable() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int b = doc.indexOf(BEGIN);
        int e = doc.indexOf(END);
        String table = table();
        if (Boolean.getBoolean("mlxgguf.write-docs")) {
            Files.writeString(DOC, doc.substring(0, b + BEGIN.length()) + "\n" + table + doc.substring(e));
            return;
        }
        assertThat("docs/OPENAI_COMPAT.md has the markers", b >= 0 && e > b, is(true));
        assertThat("docs/OPENAI_COMPAT.md is stale: run this test with -Dmlxgguf.write-docs=true",
                doc.substring(b + BEGIN.length() + 1, e), is(table));
    }

    private static String table() {
        StringBuilder t = new StringBuilder("| field | endpoints | status | notes |\n|---|---|---|---|\n");
        for (RequestFields.Field f : RequestFields.all()) {
            t.append("| `").append(f.name()).append("` | ").append(switch (f.endpoint()) {
                case BOTH -> "chat, completions";
                case CHAT -> "chat";
                case COMPLETIONS -> "completions";
            }).append(" | ").append(switch (f.status()) {
                case IMPLEMENTED -> "implemented";
                case NO_OP -> "accepted, no effect";
                case REFUSED -> "400";
            }).append(" | ").append(f.notes().replace("|", "\\|")).append(" |\n");
        }
        return t.toString();
    }
}
