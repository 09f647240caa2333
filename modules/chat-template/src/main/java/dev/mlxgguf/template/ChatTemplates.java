package dev.mlxgguf.template;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;

import java.util.Objects;
import java.util.Optional;

/**
 * The one place that chooses a model's chat template, for every engine and for the server's inline
 * rendering, with one set of error messages. Order: the load-time named format ({@code chat_format}, a
 * built-in template), else the model's own template, else ChatML.
 *
 * <p>Stateless and thread-safe; the chosen template is compiled once.
 */
public final class ChatTemplates {

    private ChatTemplates() {
    }

    /**
     * A chosen, compiled template ready to render a model's chats.
     *
     * @param renderer      the renderer (template plus special-token texts)
     * @param modelTemplate whether the template is the model's own
     * @param description   which template it is, for logs
     */
    public record Choice(ChatTemplateRenderer renderer, boolean modelTemplate, String description) {

        /** Checks that no component is null. */
        public Choice {
            Objects.requireNonNull(renderer, "renderer");
            Objects.requireNonNull(description, "description");
        }

        /**
         * Formats a chat.
         *
         * @param chat the chat
         * @return the prompt text
         * @throws InvalidRequestException (param {@code messages}) when the template rejects the conversation:
         *                                 {@code raise_exception}, a type error on the request's data, or a limit
         */
        public String render(Prompt.Chat chat) {
            try {
                return renderer.render(chat);
            } catch (TemplateException e) {
                throw new InvalidRequestException("the chat template rejected the request: " + e.getMessage(), "messages");
            }
        }
    }

    /**
     * Chooses and compiles a model's template.
     *
     * @param chatFormat    a built-in template name that replaces the model's, if given
     * @param modelTemplate the model's own template source, if it has one (blank counts as none)
     * @param bos           the model's BOS text, or {@code null} when it has none
     * @param eos           the model's EOS text, or {@code null} when it has none
     * @return the choice
     * @throws ModelLoadException if {@code chatFormat} is unknown (the message lists the names) or the model's
     *                            template does not compile (the message names the line)
     */
    public static Choice choose(Optional<String> chatFormat, Optional<String> modelTemplate, String bos, String eos) {
        if (chatFormat.isPresent()) {
            ChatTemplate named = BuiltinTemplates.named(chatFormat.get()).orElseThrow(() -> new ModelLoadException(
                    "unknown chat_format '" + chatFormat.get() + "'; known formats: "
                            + String.join(", ", BuiltinTemplates.names().stream().sorted().toList())));
            return new Choice(new ChatTemplateRenderer(named, bos, eos), false, "built-in " + chatFormat.get());
        }
        Optional<String> own = modelTemplate.filter(s -> !s.isBlank());
        if (own.isEmpty()) {
            return new Choice(new ChatTemplateRenderer(BuiltinTemplates.chatml(), bos, eos), false,
                    "built-in chatml (the model has none)");
        }
        try {
            return new Choice(new ChatTemplateRenderer(ChatTemplate.compile(own.get()), bos, eos), true,
                    "the model's template");
        } catch (TemplateException e) {
            throw new ModelLoadException("the model's chat template does not compile: " + e.getMessage(), e);
        }
    }

    /**
     * Renders a chat with a template given in a request (no model involved).
     *
     * @param source the template source
     * @param bos    BOS text for the template
     * @param eos    EOS text for the template
     * @param chat   the chat
     * @return the prompt text
     * @throws InvalidRequestException (param {@code chat_template}) if the template does not compile or rejects
     *                                 the conversation
     */
    public static String renderInline(String source, String bos, String eos, Prompt.Chat chat) {
        ChatTemplate template;
        try {
            template = ChatTemplate.compile(source);
        } catch (TemplateException e) {
            throw new InvalidRequestException("chat_template does not compile: " + e.getMessage(), "chat_template");
        }
        try {
            return new ChatTemplateRenderer(template, bos, eos).render(chat);
        } catch (TemplateException e) {
            throw new InvalidRequestException("the chat template rejected the request: " + e.getMessage(), "chat_template");
        }
    }
}
