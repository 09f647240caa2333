package dev.mlxgguf.engine.gguf;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.EngineFailureException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.gguf.jna.LlamaChatMessage;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Formats chats with llama.cpp's built-in template engine ({@code llama_chat_apply_template}), which
 * recognises the common template families by name or by heuristics on a Jinja template's text. It sees only
 * roles and text contents: tools, extra message fields and template variables are not passed. This is the
 * one place chat rendering happens in this engine, so a full Jinja renderer can replace it.
 *
 * <p>The template is chosen at load time: the load-time chat format name (validated against
 * {@code llama_chat_builtin_templates}), else the model's own template, else {@code chatml}. Immutable;
 * calls are confined to the model's thread like every native call.
 */
final class ChatTemplateRenderer {

    private static final String FALLBACK = "chatml";

    private final LlamaLibrary lib;
    private final byte[] template;      // NUL-terminated UTF-8: a built-in name or a Jinja template text
    private final String description;

    private ChatTemplateRenderer(LlamaLibrary lib, String template, String description) {
        this.lib = lib;
        this.template = CStrings.utf8z(template);
        this.description = description;
    }

    /**
     * Chooses the template for a model.
     *
     * @param lib        the binding
     * @param model      the model
     * @param chatFormat a built-in template name that replaces the model's, if given
     * @return the renderer
     * @throws ModelLoadException if {@code chatFormat} is not a built-in template (the message lists them)
     */
    static ChatTemplateRenderer forModel(LlamaLibrary lib, LlamaModelHandle model, Optional<String> chatFormat) {
        if (chatFormat.isPresent()) {
            List<String> known = builtinTemplates(lib);
            if (!known.contains(chatFormat.get())) {
                throw new ModelLoadException("unknown chat format '" + chatFormat.get() + "'; known formats: "
                        + String.join(", ", known));
            }
            return new ChatTemplateRenderer(lib, chatFormat.get(), "built-in " + chatFormat.get());
        }
        return model.chatTemplate()
                .map(t -> new ChatTemplateRenderer(lib, t, "the model's template"))
                .orElseGet(() -> new ChatTemplateRenderer(lib, FALLBACK, "built-in " + FALLBACK + " (model has none)"));
    }

    /**
     * Lists llama.cpp's built-in template names.
     *
     * @param lib the binding
     * @return the names, in llama.cpp's order
     */
    static List<String> builtinTemplates(LlamaLibrary lib) {
        int n = lib.llama_chat_builtin_templates(null, 0);
        if (n <= 0) {
            return List.of();
        }
        Memory names = new Memory(8L * n);     // const char *[n], filled with pointers owned by llama.cpp
        int filled = Math.min(n, lib.llama_chat_builtin_templates(names, n));
        List<String> out = new ArrayList<>(filled);
        for (Pointer p : names.getPointerArray(0, filled)) {
            out.add(CStrings.read(p));
        }
        return List.copyOf(out);
    }

    /** {@return which template is used, for logs} */
    String description() {
        return description;
    }

    /**
     * Formats a chat.
     *
     * @param chat the chat (a message without content counts as empty text)
     * @return the prompt text
     * @throws EngineFailureException if llama.cpp cannot apply the template (e.g. it does not recognise it)
     */
    String render(Prompt.Chat chat) {
        List<ChatMessage> messages = chat.messages();
        LlamaChatMessage[] array = (LlamaChatMessage[]) new LlamaChatMessage().toArray(messages.size());
        Memory[] strings = new Memory[messages.size() * 2];    // keeps the C strings alive for the call
        long chars = 0;
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            String content = m.content() == null ? "" : m.content();
            strings[2 * i] = CStrings.nativeUtf8z(m.role());
            strings[2 * i + 1] = CStrings.nativeUtf8z(content);
            array[i].role = strings[2 * i];
            array[i].content = strings[2 * i + 1];
            array[i].write();
            chars += strings[2 * i].size() + strings[2 * i + 1].size();
        }
        byte[] buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, 2 * chars + 256)];
        int n = apply(array, buf, chat.addGenerationPrompt());
        if (n > buf.length) {
            buf = new byte[n];
            n = apply(array, buf, chat.addGenerationPrompt());
        }
        Reference.reachabilityFence(strings);
        if (n < 0) {
            throw new EngineFailureException("llama_chat_apply_template failed with code " + n
                    + ": the chat template is not supported by llama.cpp's built-in templates");
        }
        return new String(buf, 0, Math.min(n, buf.length), StandardCharsets.UTF_8);
    }

    private int apply(LlamaChatMessage[] array, byte[] buf, boolean addAssistant) {
        int n = lib.llama_chat_apply_template(template, array[0].getPointer(), array.length, addAssistant, buf, buf.length);
        Reference.reachabilityFence(array);
        return n;
    }
}
