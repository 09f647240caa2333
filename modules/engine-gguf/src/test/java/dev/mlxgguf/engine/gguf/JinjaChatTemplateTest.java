package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.testkit.TinyGguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The GGUF's own Jinja template, rendered by the project's renderer with tools, extras and kwargs. */
class JinjaChatTemplateTest {

    static final String TEMPLATE = """
            {{- bos_token -}}
            {%- if tools %}<tools>{% for t in tools %}{{ t.function.name }};{% endfor %}</tools>{% endif %}
            {%- for m in messages -%}
            [{{ m.role }}]{{ m.content if m.content is not none else '' }}
            {%- if m.tool_calls %}{% for c in m.tool_calls %}<call {{ c.function.name }} {{ c.function.arguments | tojson }}>{% endfor %}{% endif %}
            {%- if m.role == 'user' and m.content == 'boom' %}{{ raise_exception('no booms') }}{% endif %}
            {%- endfor -%}
            {%- if add_generation_prompt %}[assistant]{% if enable_thinking is false %}<think></think>{% endif %}{% endif %}""";

    @TempDir
    Path dir;

    private GgufTextModel load(String template) {
        Path f = TinyGguf.standard(3).withChatTemplate(template).writeTo(dir.resolve("j.gguf"));
        return (GgufTextModel) new GgufEngineProvider().load(TinyModels.spec(f, 256, Optional.empty()));
    }

    @Test
    void toolsToolCallsAndKwargsReachTheTemplate() {
        try (GgufTextModel m = load(TEMPLATE)) {
            Prompt.Chat chat = new Prompt.Chat(List.of(
                    ChatMessage.of("user", "weather?"),
                    new ChatMessage("assistant", null, Map.of("tool_calls", List.of(Map.of("id", "c1", "type", "function",
                            "function", Map.of("name", "get_weather", "arguments", "{\"city\": \"Paris\"}")))))),
                    List.of(Map.of("type", "function", "function", Map.of("name", "get_weather"))), true,
                    Map.of("enable_thinking", false));
            String text = m.renderChat(chat);
            assertThat(text, is("<|endoftext|><tools>get_weather;</tools>[user]weather?[assistant]"
                    + "<call get_weather {\"city\": \"Paris\"}>[assistant]<think></think>"));
            int counted = m.countTokens(chat);
            assertThat(counted > 10, is(true));
        }
    }

    @Test
    void raiseExceptionIsARequestError() {
        try (GgufTextModel m = load(TEMPLATE)) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> m.renderChat(Prompt.Chat.of(List.of(ChatMessage.of("user", "boom")))));
            assertThat(e.getMessage(), containsString("no booms"));
            assertThat(e.param(), is("messages"));
        }
    }

    @Test
    void aTemplateThatDoesNotCompileIsALoadError() {
        Path f = TinyGguf.standard(3).withChatTemplate("{% for m in messages %}{{ m.content }").writeTo(dir.resolve("bad.gguf"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new GgufEngineProvider().load(TinyModels.spec(f, 256, Optional.empty())));
        assertThat(e.getMessage(), containsString("line 1"));
    }

    @Test
    void aModelWithoutTemplateFallsBackToChatMl() {
        try (GgufTextModel m = load(null)) {
            assertThat(m.renderChat(Prompt.Chat.of(List.of(ChatMessage.of("user", "hi")))),
                    is("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n"));
        }
    }
}
