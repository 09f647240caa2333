package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.template.BuiltinTemplates;
import dev.mlxgguf.template.ChatTemplate;
import dev.mlxgguf.template.TemplateException;

import java.util.Optional;

/**
 * Formats chats with the project's Jinja renderer, exactly as transformers renders the template: the
 * load-time chat format (a built-in named template: chatml, llama2, llama3, mistral, gemma, phi3, …),
 * else the model's {@code tokenizer.chat_template}, else ChatML. Tools, tool calls, extra message fields
 * and template kwargs ({@code enable_thinking}, …) reach the template. {@code bos_token} and
 * {@code eos_token} are the model's special-token texts.
 *
 * <p>Immutable and thread-safe; templates are compiled once at load.
 */
final class ChatTemplateRenderer {

    private final dev.mlxgguf.template.ChatTemplateRenderer renderer;
    private final String description;

    private ChatTemplateRenderer(ChatTemplate template, String bos, String eos, String description) {
        this.renderer = new dev.mlxgguf.template.ChatTemplateRenderer(template, bos, eos);
        this.description = description;
    }

    /**
     * Chooses and compiles the template for a model.
     *
     * @param lib        the binding (unused: rendering is pure Java)
     * @param model      the model
     * @param chatFormat a built-in template name that replaces the model's, if given
     * @return the renderer
     * @throws ModelLoadException if {@code chatFormat} is unknown (the message lists the names) or the
     *                            model's template does not compile (the message names the line)
     */
    static ChatTemplateRenderer forModel(LlamaLibrary lib, LlamaModelHandle model, Optional<String> chatFormat) {
        LlamaVocab vocab = model.vocab();
        String bos = vocab.specialText(vocab.bos());
        String eos = vocab.specialText(vocab.eos());
        if (chatFormat.isPresent()) {
            Optional<ChatTemplate> named = BuiltinTemplates.named(chatFormat.get());
            if (named.isEmpty()) {
                throw new ModelLoadException("unknown chat format '" + chatFormat.get() + "'; known formats: "
                        + String.join(", ", BuiltinTemplates.names()));
            }
            return new ChatTemplateRenderer(named.get(), bos, eos, "built-in " + chatFormat.get());
        }
        Optional<String> own = model.chatTemplate();
        if (own.isEmpty()) {
            return new ChatTemplateRenderer(BuiltinTemplates.chatml(), bos, eos, "built-in chatml (the model has none)");
        }
        try {
            return new ChatTemplateRenderer(ChatTemplate.compile(own.get()), bos, eos, "the model's template");
        } catch (TemplateException e) {
            throw new ModelLoadException("the model's chat template does not compile: " + e.getMessage());
        }
    }

    /** {@return which template is used, for logs} */
    String description() {
        return description;
    }

    /**
     * Formats a chat.
     *
     * @param chat the chat
     * @return the prompt text
     * @throws InvalidRequestException when the template rejects the conversation ({@code raise_exception},
     *                                 a type error on the request's data, or a limit), naming the line
     */
    String render(Prompt.Chat chat) {
        try {
            return renderer.render(chat);
        } catch (TemplateException e) {
            throw new InvalidRequestException("the chat template rejected the request: " + e.getMessage(), "messages");
        }
    }
}
