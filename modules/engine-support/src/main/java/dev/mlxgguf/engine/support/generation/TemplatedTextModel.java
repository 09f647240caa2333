package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.template.ChatTemplates;
import dev.mlxgguf.toolcalls.ReasoningFormat;
import dev.mlxgguf.toolcalls.ToolCallFormat;

/**
 * The part of a {@link TextModel} that the project's engines share: chats rendered with the chosen template,
 * generation through the shared {@link Generation} skeleton, token counts as generation would feed them, and
 * an idempotent close. An engine supplies its tokenization ({@link #promptTokens}) and what closing releases
 * ({@link #release}).
 *
 * <p>Threading: as {@link TextModel}: one call at a time, on the model's thread.
 */
public abstract class TemplatedTextModel implements TextModel {

    private final ModelInfo info;
    private final ReasoningFormat reasoning;
    private final ChatTemplates.Choice chat;
    private final Generation generation;
    private boolean closed;

    /**
     * @param info       facts about the model
     * @param chat       the chat template chosen at load
     * @param generation the model's generation skeleton
     */
    protected TemplatedTextModel(ModelInfo info, ChatTemplates.Choice chat, Generation generation) {
        String source = chat.renderer().template().source();
        this.info = info.withChatFormats(ToolCallFormat.detect(source).wireName(), ReasoningFormat.detect(source).wireName());
        this.reasoning = ReasoningFormat.detect(source);
        this.chat = chat;
        this.generation = generation;
    }

    /**
     * The tokens a prompt is fed to the model as: text with the model's BOS rule and special tokens parsed,
     * chats rendered with {@link #renderChat} first.
     *
     * @param prompt the prompt
     * @return the tokens
     */
    protected abstract int[] promptTokens(Prompt prompt);

    /** Releases the engine's memory; called once, by the first {@link #close()}. */
    protected abstract void release();

    @Override
    public final ModelInfo info() {
        return info;
    }

    @Override
    public final GenerationResult generate(GenerationRequest request, TokenSink sink) {
        return generateTracked(request, sink).result();
    }

    /**
     * Like {@link #generate} but also returns the sampled token ids (tests, diagnostics).
     *
     * @param request what to generate
     * @param sink    where text goes
     * @return the result and the tokens
     */
    public final Sequence.Outcome generateTracked(GenerationRequest request, TokenSink sink) {
        checkOpen();
        boolean reasoningOpen = request.constraint().isPresent() && request.prompt() instanceof Prompt.Chat c
                && reasoning == ReasoningFormat.THINK && reasoning.opens(chat.render(c));
        return generation.run(promptTokens(request.prompt()), request, sink, reasoningOpen);
    }

    @Override
    public final int countTokens(Prompt prompt) {
        checkOpen();
        return promptTokens(prompt).length;
    }

    @Override
    public final String renderChat(Prompt.Chat c) {
        checkOpen();
        return chat.render(c);
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** {@return the generation skeleton (for verification probes that bypass the prompt cache)} */
    protected final Generation generation() {
        return generation;
    }

    /** @throws IllegalStateException once the model is closed */
    protected final void checkOpen() {
        if (closed) {
            throw new IllegalStateException("model closed");
        }
    }
}
