package dev.mlxgguf.template;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Prompt.Chat hi = Prompt.Chat.of(List.of(ChatMessage.of("user", "Hi")));
        for (Optional<String> none : List.of(Optional.<String>empty(), Optional.of("  "))) {
            ChatTemplates.Choice c = ChatTemplates.choose(Optional.empty(), none, null, "<|im_end|>");
            assertSame(BuiltinTemplates.chatml(), c.renderer().template());
            assertFalse(c.modelTemplate());
        }
        String out = ChatTemplates.choose(Optional.empty(), Optional.empty(), null, "<|im_end|>").render(hi);
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", out);
    }

    @Test
    void aNamedFormatReplacesTheModelsTemplate() {
        ChatTemplates.Choice c = ChatTemplates.choose(Optional.of("llama3"), Optional.of("{{ 'own' }}"), "<s>", "</s>");
        assertSame(BuiltinTemplates.named("llama3").orElseThrow(), c.renderer().template());
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ChatTemplates.choose(Optional.of("nope"), Optional.empty(), null, null));
        assertTrue(e.getMessage().contains("known formats: chatml, deepseek3, gemma"), e.getMessage());
    }

    @Test
    void modelTemplatesAreCompiledAndTheirFailuresNamed() {
        ChatTemplates.Choice own = ChatTemplates.choose(Optional.empty(), Optional.of("{{ 'x' }}"), null, null);
        assertTrue(own.modelTemplate());
        assertEquals("x", own.render(Prompt.Chat.of(List.of(ChatMessage.of("user", "Hi")))));
        ModelLoadException bad = assertThrows(ModelLoadException.class,
                () -> ChatTemplates.choose(Optional.empty(), Optional.of("{% if %}"), null, null));
        assertTrue(bad.getMessage().startsWith("the model's chat template does not compile"), bad.getMessage());
        InvalidRequestException raised = assertThrows(InvalidRequestException.class, () -> ChatTemplates.choose(
                Optional.empty(), Optional.of("{{ raise_exception('no') }}"), null, null)
                .render(Prompt.Chat.of(List.of(ChatMessage.of("user", "Hi")))));
        assertEquals("messages", raised.param());
        InvalidRequestException inline = assertThrows(InvalidRequestException.class,
                () -> ChatTemplates.renderInline("{% if %}", "", "", Prompt.Chat.of(List.of(ChatMessage.of("user", "Hi")))));
        assertEquals("chat_template", inline.param());
    }
}
