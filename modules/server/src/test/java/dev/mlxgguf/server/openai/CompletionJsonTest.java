package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** OpenAI's response and chunk shapes, and the streamed text chunks built from a per-response template. */
class CompletionJsonTest {

    private static final CompletionJson CHAT = new CompletionJson(true, "chatcmpl-1", 1700000000L, "m.gguf");
    private static final CompletionJson TEXT = new CompletionJson(false, "cmpl-1", 1700000000L, "m.gguf");
    private static final GenerationResult RESULT = new GenerationResult(FinishReason.LENGTH, new Usage(10, 4, 6),
            2_000_000L, 8_000_000L, new CacheReport("memory", 6, "", "s-1", 99));

    @Test
    void templatedTextChunksEqualTheBuiltChunksForAnyText() {
        for (String text : List.of("plain", "", "quote \" and \\ backslash", "new\nline\ttab\r", "\u0000\u001f\u007f",
                "é ✓ 😀 你好", "\ud800 lone surrogate", "\u0000text\u0000", "</script>")) {
            for (CompletionJson j : List.of(CHAT, TEXT)) {
                assertThat(text, j.textChunks().of(text), is(Jsonp.write(j.textChunk(text))));
                assertThat(Jsonp.parseObject(j.textChunks().of(text)), is(j.textChunk(text)));
            }
        }
    }

    @Test
    void chatChunksCarryTheDeltaAndCompletionChunksTheText() {
        JsonObject c = CHAT.textChunk("hi");
        assertThat(c.getString("object"), is("chat.completion.chunk"));
        assertThat(c.getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("content"), is("hi"));
        JsonObject t = TEXT.textChunk("hi");
        assertThat(t.getString("object"), is("text_completion"));
        assertThat(t.getJsonArray("choices").getJsonObject(0).getString("text"), is("hi"));
        assertThat(CHAT.roleChunk().getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("role"),
                is("assistant"));
    }

    @Test
    void responsesAndFinalChunksReportFinishAndUsage() {
        JsonObject r = CHAT.response("hello", RESULT);
        assertThat(r.getString("id"), is("chatcmpl-1"));
        assertThat(r.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"), is("hello"));
        assertThat(r.getJsonArray("choices").getJsonObject(0).getString("finish_reason"), is("length"));
        JsonObject usage = r.getJsonObject("usage");
        assertThat(usage.getInt("total_tokens"), is(14));
        assertThat(usage.getJsonObject("prompt_tokens_details").getInt("cached_tokens"), is(6));
        assertThat(usage.getJsonNumber("generation_time").doubleValue(), is(0.008));
        assertThat(usage.getJsonObject("kv_cache").getString("state_id"), is("s-1"));
        JsonObject last = TEXT.finalChunk(RESULT, true, "all");
        assertThat(last.getJsonArray("choices").getJsonObject(0).getString("complete_text"), is("all"));
        assertThat(last.containsKey("usage"), is(true));
        assertThat(TEXT.finalChunk(RESULT, false, null).containsKey("usage"), is(false));
        assertThat(CHAT.usageChunk(RESULT).getJsonArray("choices").isEmpty(), is(true));
    }
}
