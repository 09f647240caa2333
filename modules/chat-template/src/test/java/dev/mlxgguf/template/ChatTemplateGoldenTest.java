package dev.mlxgguf.template;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.Prompt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The acceptance test: every template in {@code chat-templates/*.jinja} (written in the style of a real
 * model family) and every built-in template, rendered for every conversation in
 * {@code conversations.json} through {@link ChatTemplateRenderer}, must equal byte for byte what Python
 * jinja2 produced the way transformers renders it ({@code expected/<template>.json}, written by
 * {@code src/test/python/render_goldens.py}); for cases where the template raises, the same error.
 */
class ChatTemplateGoldenTest {

    private static final Map<String, Object> MANIFEST = Goldens.jsonObject("chat-templates/templates.json");

    /**
     * One render to check.
     *
     * @param template the template name ({@code builtin-} prefix for built-ins)
     * @param source   the template source
     * @param caseName the conversation name
     * @param chat     the conversation
     */
    record Case(String template, String source, String caseName, Map<String, Object> chat) {
        @Override
        public String toString() {
            return template + " × " + caseName;
        }
    }

    static Stream<Case> cases() {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(Path.of(ChatTemplateGoldenTest.class.getResource("/chat-templates").toURI()))) {
            files.filter(p -> p.toString().endsWith(".jinja")).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                sources.put(name.substring(0, name.length() - ".jinja".length()), read(p));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        BuiltinTemplates.names().stream().sorted().forEach(n -> sources.put("builtin-" + n, BuiltinTemplates.source(n)));
        List<Case> out = new ArrayList<>();
        for (Object c : (List<?>) Goldens.json("chat-templates/conversations.json")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> chat = (Map<String, Object>) c;
            sources.forEach((name, source) -> out.add(new Case(name, source, (String) chat.get("name"), chat)));
        }
        return out.stream();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @SuppressWarnings("unchecked")
    void rendersLikeTransformers(Case c) {
        Map<String, Object> expected = (Map<String, Object>) Goldens.jsonObject("chat-templates/expected/" + c.template() + ".json")
                .get(c.caseName());
        Map<String, Object> tokens = (Map<String, Object>) MANIFEST.getOrDefault(c.template(), MANIFEST.get("default"));
        ChatTemplateRenderer renderer = new ChatTemplateRenderer(ChatTemplate.compile(c.source()),
                (String) tokens.get("bos_token"), (String) tokens.get("eos_token"));
        Goldens.check(expected, () -> renderer.render(chat(c.chat()), Goldens.OPTIONS), true, c.toString());
    }

    /** Builds the {@link Prompt.Chat} for a conversation of {@code conversations.json}. */
    @SuppressWarnings("unchecked")
    static Prompt.Chat chat(Map<String, Object> json) {
        List<ChatMessage> messages = new ArrayList<>();
        for (Object m : (List<?>) json.get("messages")) {
            Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) m);
            String role = (String) message.remove("role");
            String content = (String) message.remove("content");
            messages.add(new ChatMessage(role, content, message));
        }
        List<Object> tools = (List<Object>) json.getOrDefault("tools", List.of());
        Map<String, Object> kwargs = (Map<String, Object>) json.getOrDefault("kwargs", Map.of());
        return new Prompt.Chat(messages, tools, (Boolean) json.getOrDefault("add_generation_prompt", true), kwargs);
    }
}
