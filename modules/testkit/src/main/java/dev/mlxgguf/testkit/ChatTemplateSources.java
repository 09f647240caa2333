package dev.mlxgguf.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The chat templates of real model families (Qwen2.5, Qwen3, Qwen3-Coder, Llama 3.x, Mistral, DeepSeek, gpt-oss,
 * Granite, Hermes, Phi, Gemma, ...), written in the style of the published ones, for tests that need a family's
 * real markers: the template renderer's goldens, tool-call format detection, and tiny models that carry them.
 */
public final class ChatTemplateSources {

    private ChatTemplateSources() {
    }

    /**
     * @param name the template's name, e.g. {@code qwen2.5}, {@code llama3.1-tools}, {@code mistral-nemo}
     * @return its source
     * @throws IllegalArgumentException if there is no such template
     */
    public static String source(String name) {
        try (InputStream in = ChatTemplateSources.class.getResourceAsStream("templates/" + name + ".jinja")) {
            if (in == null) {
                throw new IllegalArgumentException("no chat template " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
