package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds an MLX folder's own chat template (the choice among it, a named format and ChatML is
 * {@link dev.mlxgguf.template.ChatTemplates#choose}'s): the {@code chat_template.jinja} sidecar, else
 * {@code tokenizer_config.json}'s {@code chat_template} (a string, or the {@code default} entry of a named
 * list). Stateless.
 */
final class ModelTemplate {

    private ModelTemplate() {
    }

    /**
     * @param folder          the model folder
     * @param tokenizerConfig {@code tokenizer_config.json}, if present
     * @return the template source, if the folder has one
     * @throws ModelLoadException if the sidecar cannot be read
     */
    static Optional<String> find(Path folder, Optional<Metadata> tokenizerConfig) {
        return sidecar(folder).or(() -> tokenizerConfig.flatMap(ModelTemplate::fromConfig));
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
}
