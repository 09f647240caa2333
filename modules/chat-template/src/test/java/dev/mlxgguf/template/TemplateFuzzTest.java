package dev.mlxgguf.template;

import dev.mlxgguf.testkit.fuzz.Fuzzer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Fuzzed chat templates (the built-in ones mutated) rendered with a chat that has tools and tool calls: each one
 * renders or fails with a template error that jinja2 would also raise, never with an error of this engine itself
 * ({@code InternalError}), another exception, or a hang.
 */
class TemplateFuzzTest {

    private static final Map<String, Object> CHAT = Map.of(
            "messages", List.of(
                    Map.of("role", "system", "content", "be brief"),
                    Map.of("role", "user", "content", "weather in Paris?"),
                    Map.of("role", "assistant", "content", "", "tool_calls", List.of(Map.of("type", "function",
                            "function", Map.of("name", "weather", "arguments", Map.of("city", "Paris"))))),
                    Map.of("role", "tool", "content", "{\"c\": 21}"),
                    Map.of("role", "user", "content", List.of(Map.of("type", "text", "text", "and tomorrow?")))),
            "tools", List.of(Map.of("type", "function", "function", Map.of("name", "weather", "description", "d",
                    "parameters", Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")))))),
            "add_generation_prompt", true,
            "bos_token", "<s>",
            "eos_token", "</s>");

    @Test
    void fuzzedTemplatesRenderOrFailAsJinjaWould() {
        List<byte[]> seeds = BuiltinTemplates.names().stream()
                .map(n -> BuiltinTemplates.source(n).getBytes(StandardCharsets.UTF_8)).toList();
        Fuzzer.Report r = Fuzzer.run("chat template", seeds, 41, Duration.ofSeconds(5), bytes -> {
            try {
                ChatTemplate.compile(new String(bytes, StandardCharsets.UTF_8)).render(CHAT);
            } catch (TemplateException.Evaluation e) {
                if (e.pythonType().equals("InternalError")) {
                    throw new AssertionError("the engine itself failed: " + e.getMessage(), e);
                }
                throw new Fuzzer.Refused(e.pythonType());
            } catch (TemplateException e) {
                throw new Fuzzer.Refused(e.getClass().getSimpleName());
            }
        });
        assertThat(r.failures().toString(), r.failed(), is(0));
    }
}
