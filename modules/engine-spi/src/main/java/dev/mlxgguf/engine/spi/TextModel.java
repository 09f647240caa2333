package dev.mlxgguf.engine.spi;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;

/**
 * A text-generation model.
 *
 * <p>Threading: one request at a time. Calls come from one platform thread of the host process (never
 * concurrently); native engines may pin that thread for the whole call.
 */
public non-sealed interface TextModel extends LoadedModel {

    /**
     * Generates, pushing text to {@code sink} as it is produced. Blocks until the generation ends.
     * Chat prompts are formatted with the model's (or the load-time) chat template.
     *
     * @param request what to generate
     * @param sink    receives text in order on the calling thread; returning false stops the generation
     * @return how it ended ({@link dev.mlxgguf.api.FinishReason#CANCELLED} when the sink said stop)
     * @throws dev.mlxgguf.api.InvalidRequestException if the prompt does not fit the context
     * @throws dev.mlxgguf.api.EngineFailureException  if the engine fails
     */
    GenerationResult generate(GenerationRequest request, TokenSink sink);

    /**
     * Counts the tokens of a prompt exactly as {@link #generate} would feed them to the model
     * (chat prompts templated, special tokens and BOS included).
     *
     * @param prompt the prompt
     * @return the token count
     */
    int countTokens(Prompt prompt);

    /**
     * Formats a chat with the model's chat template, as {@link #generate} would.
     *
     * @param chat the chat
     * @return the prompt text
     */
    String renderChat(Prompt.Chat chat);

    /**
     * The sampling values a request gets for the fields it leaves out. The host reports them at load, so
     * the server never needs to know an engine's defaults.
     *
     * @return the defaults ({@link SamplingParams#defaults()} unless the engine differs)
     */
    default SamplingParams samplingDefaults() {
        return SamplingParams.defaults();
    }
}
