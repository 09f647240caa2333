package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.template.BuiltinTemplates;
import dev.mlxgguf.template.ChatTemplate;
import dev.mlxgguf.template.ChatTemplateRenderer;
import dev.mlxgguf.template.TemplateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Renders chats with the model's Jinja chat template through the shared renderer. The template is, in
 * order: the load-time named format ({@code chat_format}, a built-in template), the
 * {@code chat_template.jinja} sidecar, {@code tokenizer_config.json}'s {@code chat_template} (a string, or
 * the {@code default} entry of a named list), else ChatML. Immutable and thread-safe.
 */
final class ChatFormatter {

    private final ChatTemplateRenderer renderer;
    private final boolean modelTemplate;
    private final String description;

    private ChatFormatter(ChatTemplateRenderer renderer, boolean modelTemplate, String description) {
        this.renderer = renderer;
        this.modelTemplate = modelTemplate;
        this.description = description;
    }

    /**
     * @param folder          the model folder
     * @param tokenizerConfig {@code tokenizer_config.json}, if present
     * @param chatFormat      a named built-in template that replaces the model's
     * @param bos             BOS text for the template
     * @param eos             EOS text for the template
     * @return the formatter
     * @throws ModelLoadException if the named format is unknown or the model's template does not compile
     */
    static ChatFormatter load(Path folder, Optional<Metadata> tokenizerConfig, Optional<String> chatFormat,
                              Optional<String> bos, Optional<String> eos) {
        try {
            if (chatFormat.isPresent()) {
                ChatTemplate t = BuiltinTemplates.named(chatFormat.get()).orElseThrow(() -> new ModelLoadException(
                        "unknown chat_format " + chatFormat.get() + " (known: " + BuiltinTemplates.names() + ")"));
                return new ChatFormatter(renderer(t, bos, eos), false, "built-in " + chatFormat.get());
            }
            Optional<String> source = sidecar(folder).or(() -> tokenizerConfig.flatMap(ChatFormatter::fromConfig));
            if (source.isPresent()) {
                return new ChatFormatter(renderer(ChatTemplate.compile(source.get()), bos, eos), true, "the model's template");
            }
            return new ChatFormatter(renderer(BuiltinTemplates.chatml(), bos, eos), false, "ChatML (no template)");
        } catch (TemplateException e) {
            throw new ModelLoadException("the model's chat template does not compile: " + e.getMessage(), e);
        }
    }

    private static ChatTemplateRenderer renderer(ChatTemplate t, Optional<String> bos, Optional<String> eos) {
        return new ChatTemplateRenderer(t, bos.orElse(null), eos.orElse(null));
    }

    private static Optional<String> sidecar(Path folder) {
        Path p = folder.resolve("chat_template.jinja");
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read chat_template.jinja", e);
        }
    }

    private static Optional<String> fromConfig(Metadata config) {
        Object t = config.raw("chat_template");
        if (t instanceof String s) {
            return Optional.of(s);
        }
        if (t instanceof List<?> named) {
            for (Object o : named) {
                if (o instanceof Metadata e && "default".equals(e.string("name").orElse(""))) {
                    return e.string("template");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param chat the chat
     * @return the prompt text
     * @throws InvalidRequestException if the template refuses the conversation
     */
    String render(Prompt.Chat chat) {
        try {
            return renderer.render(chat);
        } catch (TemplateException e) {
            throw new InvalidRequestException("the chat template failed: " + e.getMessage(), "messages");
        }
    }

    /** {@return whether the model carries its own template} */
    boolean modelTemplate() {
        return modelTemplate;
    }

    /** {@return which template is used, for logs} */
    String description() {
        return description;
    }
}
