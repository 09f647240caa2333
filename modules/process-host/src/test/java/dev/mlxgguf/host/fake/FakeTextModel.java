package dev.mlxgguf.host.fake;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.ContextLengthExceededException;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.engine.support.TextStream;

import java.nio.charset.StandardCharsets;

/** The fake model: one token per word of its configured text, prompt tokens = whitespace-separated words. */
final class FakeTextModel implements TextModel {

    private final FakeConfig config;
    private final int contextLength;

    FakeTextModel(FakeConfig config, int contextLength) {
        this.config = config;
        this.contextLength = contextLength;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("fake", "fake", contextLength, contextLength, "none", 0, config.words().size(), true);
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenSink sink) {
        long start = System.nanoTime();
        int promptTokens = countTokens(request.prompt());
        if (promptTokens >= contextLength) {
            throw ContextLengthExceededException.of(promptTokens, contextLength,
                    request.prompt() instanceof Prompt.Chat ? "messages" : "prompt");
        }
        long promptNanos = System.nanoTime() - start;
        TextStream stream = new TextStream(request.stop(), sink);
        int limit = request.maxTokens() < 0 ? contextLength - promptTokens
                : Math.min(request.maxTokens(), contextLength - promptTokens);
        int n = 0;
        FinishReason finish = FinishReason.LENGTH;
        while (n < limit) {
            if (config.crashAfterTokens() > 0 && n == config.crashAfterTokens()) {
                Runtime.getRuntime().halt(config.crashStatus());
            }
            FakeEngineProvider.sleep(config.tokenDelayMs());
            if (config.eosAfter() > 0 && n == config.eosAfter()) {
                n++;
                finish = FinishReason.STOP;
                break;
            }
            String word = config.words().get(n % config.words().size());
            n++;
            TextStream.Step step = stream.acceptToken((n == 1 ? word : " " + word).getBytes(StandardCharsets.UTF_8));
            if (step == TextStream.Step.STOPPED) {
                finish = FinishReason.STOP;
                break;
            }
            if (step == TextStream.Step.CANCELLED) {
                finish = FinishReason.CANCELLED;
                break;
            }
        }
        if (finish != FinishReason.CANCELLED && !stream.finish()) {
            finish = FinishReason.CANCELLED;
        }
        return new GenerationResult(finish, new Usage(promptTokens, n, 0), promptNanos, System.nanoTime() - start - promptNanos);
    }

    @Override
    public int countTokens(Prompt prompt) {
        String text = switch (prompt) {
            case Prompt.Text t -> t.text();
            case Prompt.Chat c -> renderChat(c);
        };
        String trimmed = text.strip();
        return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
    }

    @Override
    public String renderChat(Prompt.Chat chat) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : chat.messages()) {
            sb.append(m.role()).append(": ").append(m.content() == null ? "" : m.content()).append('\n');
        }
        if (chat.templateKwargs().containsKey("enable_thinking")) {
            sb.append("thinking: ").append(chat.templateKwargs().get("enable_thinking")).append('\n');
        }
        if (chat.addGenerationPrompt()) {
            sb.append("assistant:");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        // nothing to release
    }
}
