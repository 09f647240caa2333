package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.testkit.ByteLevelBpe;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared helpers for tests that run testkit's tiny models on llama.cpp. */
final class TinyModels {

    static final ByteLevelBpe BPE = ByteLevelBpe.standard();

    private TinyModels() {
    }

    static GgufTextModel load(Path file, int contextLength) {
        return (GgufTextModel) new GgufEngineProvider().load(spec(file, contextLength, Optional.empty()));
    }

    static LoadSpec spec(Path file, int contextLength, Optional<String> chatFormat) {
        return new LoadSpec(file, Optional.empty(), contextLength, chatFormat, 1);
    }

    /** Greedy sampling with end-of-generation tokens banned, so that a generation runs to its limit. */
    static SamplingParams greedyNoEnd() {
        return SamplingParams.builder().temperature(0).logitBias(banEnd()).build();
    }

    static Map<Integer, Double> banEnd() {
        return Map.of(BPE.imEndId(), -100.0, BPE.endOfTextId(), -100.0);
    }

    static GenerationRequest request(String prompt, SamplingParams sampling, int maxTokens, List<String> stop) {
        return new GenerationRequest("t", new Prompt.Text(prompt), sampling, maxTokens, stop, 0);
    }

    static Prompt.Chat chat(String user) {
        return Prompt.Chat.of(List.of(ChatMessage.of("system", "You are terse."), ChatMessage.of("user", user)));
    }
}
