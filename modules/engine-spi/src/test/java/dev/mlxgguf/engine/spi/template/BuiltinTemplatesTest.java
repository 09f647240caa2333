package dev.mlxgguf.engine.spi.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.Prompt;

import org.junit.jupiter.api.Test;

/** The named fallback templates (their output is checked against Python by {@link ChatTemplateGoldenTest}). */
class BuiltinTemplatesTest {

    @Test
    void namesTheFamilies() {
        assertEquals(Set.of("chatml", "llama2", "llama3", "mistral", "gemma", "phi3", "phi4", "deepseek3"),
                BuiltinTemplates.names());
        for (String name : BuiltinTemplates.names()) {
            assertTrue(BuiltinTemplates.named(name).isPresent(), name);
        }
        assertTrue(BuiltinTemplates.named("nope").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> BuiltinTemplates.source("nope"));
    }

    @Test
    void chatmlIsTheFallback() {
        assertSame(BuiltinTemplates.chatml(), BuiltinTemplates.forModel(null));
        assertSame(BuiltinTemplates.chatml(), BuiltinTemplates.forModel("  "));
        String out = new ChatTemplateRenderer(BuiltinTemplates.chatml(), null, "<|im_end|>")
                .render(Prompt.Chat.of(List.of(ChatMessage.of("user", "Hi"))));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", out);
    }

    @Test
    void modelTemplatesAreCompiled() {
        assertEquals("x", BuiltinTemplates.forModel("{{ 'x' }}").render(java.util.Map.of()));
        assertThrows(TemplateException.Syntax.class, () -> BuiltinTemplates.forModel("{% if %}"));
    }
}
