package dev.mlxgguf.template;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ChatTemplateRenderer} builds the variables {@code apply_chat_template} passes. */
class ChatTemplateRendererTest {

    private static final ChatTemplateRenderer RENDERER = new ChatTemplateRenderer(
            ChatTemplate.compile("{{ bos_token }}{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}"
                    + "{{ tools is none }}|{{ documents is none }}|{{ add_generation_prompt }}"),
            "<s>", "</s>");

    @Test
    void rendersMessagesWithSpecialTokensAndFlags() {
        Prompt.Chat chat = new Prompt.Chat(List.of(ChatMessage.of("system", "S"), ChatMessage.of("user", "U")),
                List.of(), false, Map.of());
        assertEquals("<s>[system:S][user:U]True|True|False", RENDERER.render(chat));
    }

    @Test
    @SuppressWarnings("unchecked")
    void messagesCarryExtrasAndParsedToolArguments() {
        Map<String, Object> call = Map.of("id", "call12345", "type", "function",
                "function", Map.of("name", "f", "arguments", "{\"city\": \"Paris\", \"n\": 2}"));
        Map<String, Object> broken = Map.of("id", "x", "function", Map.of("name", "g", "arguments", "not json"));
        ChatMessage assistant = new ChatMessage("assistant", null, Map.of("tool_calls", List.of(call, broken)));
        ChatMessage tool = new ChatMessage("tool", "21", Map.of("tool_call_id", "call12345", "role", "ignored"));
        Map<String, Object> vars = RENDERER.variables(new Prompt.Chat(List.of(ChatMessage.of("user", "hi"), assistant, tool),
                List.of(Map.of("type", "function")), true, Map.of("enable_thinking", false, "bos_token", "<bos>")));

        List<Map<String, Object>> messages = (List<Map<String, Object>>) vars.get("messages");
        assertTrue(messages.get(1).containsKey("content"));
        assertNull(messages.get(1).get("content"));
        List<Map<String, Object>> calls = (List<Map<String, Object>>) messages.get(1).get("tool_calls");
        Map<String, Object> function = (Map<String, Object>) calls.get(0).get("function");
        assertEquals(Map.of("city", "Paris", "n", 2L), function.get("arguments"));
        assertEquals("not json", ((Map<String, Object>) calls.get(1).get("function")).get("arguments"));
        assertEquals("tool", messages.get(2).get("role"));
        assertEquals("call12345", messages.get(2).get("tool_call_id"));
        assertEquals(List.of(Map.of("type", "function")), vars.get("tools"));
        assertEquals(false, vars.get("enable_thinking"));
        assertEquals("<bos>", vars.get("bos_token"));
        assertEquals("</s>", vars.get("eos_token"));
        assertTrue(vars.containsKey("documents"));
    }

    @Test
    void toolArgumentsReachTemplatesAsMappings() {
        ChatTemplate t = ChatTemplate.compile("{% for m in messages %}{% for c in m.tool_calls or [] %}"
                + "{{ c.function.arguments is mapping }} {{ c.function.arguments|tojson }}{% endfor %}{% endfor %}");
        ChatMessage assistant = new ChatMessage("assistant", null, Map.of("tool_calls", List.of(
                Map.of("function", Map.of("name", "f", "arguments", "{\"a\": [1, 2.5, \"é\"]}")))));
        String out = new ChatTemplateRenderer(t, null, null).render(Prompt.Chat.of(List.of(assistant)));
        assertEquals("True {\"a\": [1, 2.5, \"é\"]}", out);
    }

    @Test
    void missingSpecialTokensAreUndefined() {
        ChatTemplate t = ChatTemplate.compile("{{ bos_token is defined }}{{ eos_token is defined }}");
        assertEquals("FalseFalse", new ChatTemplateRenderer(t, null, null).render(Prompt.Chat.of(List.of(ChatMessage.of("user", "x")))));
    }

    @Test
    void reservedKwargsAreRejected() {
        Prompt.Chat chat = new Prompt.Chat(List.of(ChatMessage.of("user", "x")), List.of(), true, Map.of("messages", List.of()));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RENDERER.render(chat));
        assertEquals("chat_template_kwargs", e.param());
        assertFalse(e.getMessage().isEmpty());
    }
}
