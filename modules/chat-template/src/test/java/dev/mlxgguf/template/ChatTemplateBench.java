package dev.mlxgguf.template;

import dev.mlxgguf.api.Prompt;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Render time of a typical 20-message conversation (the {@code long-20-messages} golden case) with a
 * few real-style templates, after warm-up. Run with
 * {@code mvn -pl modules/engine-spi test -Dtest=ChatTemplateBench -Dsurefire.excludedGroups=none}.
 */
@Tag("bench")
class ChatTemplateBench {

    private static final int WARMUP = 20_000;
    private static final int RUNS = 20_000;

    @Test
    @SuppressWarnings("unchecked")
    void twentyMessageConversationRendersInUnderAMillisecond() {
        Map<String, Object> conversation = ((List<Map<String, Object>>) Goldens.json("chat-templates/conversations.json"))
                .stream().filter(c -> c.get("name").equals("long-20-messages")).findFirst().orElseThrow();
        Prompt.Chat chat = ChatTemplateGoldenTest.chat(conversation);
        for (String name : List.of("llama3.1-tools", "qwen3", "mistral-v0.3", "gemma3", "gpt-oss")) {
            ChatTemplate template = ChatTemplate.compile(Goldens.resource("chat-templates/" + name + ".jinja"));
            ChatTemplateRenderer renderer = new ChatTemplateRenderer(template, "<s>", "</s>");
            int sink = 0;
            for (int i = 0; i < WARMUP; i++) {
                sink += renderer.render(chat, Goldens.OPTIONS).length();
            }
            long start = System.nanoTime();
            for (int i = 0; i < RUNS; i++) {
                sink += renderer.render(chat, Goldens.OPTIONS).length();
            }
            double micros = (System.nanoTime() - start) / 1_000.0 / RUNS;
            System.out.printf("chat template %-16s 20 messages: %.1f µs per render (%d)%n", name, micros, sink % 7);
            assertTrue(micros < 1_000, name + " took " + micros + " µs");
        }
    }
}
