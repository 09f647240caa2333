package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;
import dev.mlxgguf.engine.mlx.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The JSON files of an MLX model folder, read and checked before any weight is mapped. Folders that only
 * carry pickle-based weights ({@code .bin}, {@code .pt}, {@code .pth}, {@code .pkl}, {@code .ckpt}) are
 * refused: those formats can run code when loaded, and this engine reads safetensors only. Nothing in the
 * folder is ever executed ({@code *.py} files are ignored; a {@code model_file} key is refused by
 * {@link dev.mlxgguf.engine.mlx.config.ArchConfig#read}).
 *
 * @param dir              the folder
 * @param config           {@code config.json}
 * @param tokenizerConfig  {@code tokenizer_config.json}, if present
 * @param generationConfig {@code generation_config.json}, if present
 */
record ModelFolder(Path dir, Metadata config, Optional<Metadata> tokenizerConfig,
                   Optional<Metadata> generationConfig) {

    private static final List<String> PICKLE = List.of(".bin", ".pt", ".pth", ".pkl", ".ckpt");

    /**
     * @param dir a model folder
     * @return the folder's metadata
     * @throws ModelLoadException if it is not a usable MLX folder
     */
    static ModelFolder open(Path dir) {
        if (!Files.isDirectory(dir) || !Files.isRegularFile(dir.resolve("config.json"))) {
            throw new ModelLoadException("not an MLX model folder (no config.json): " + dir.getFileName());
        }
        boolean safetensors = false;
        boolean pickle = false;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                safetensors |= n.endsWith(".safetensors");
                pickle |= PICKLE.stream().anyMatch(n::endsWith);
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot list the model folder", e);
        }
        if (!safetensors) {
            throw new ModelLoadException(pickle
                    ? "the model folder only has pickle-based weights (.bin/.pt/.pkl), which are refused; convert to safetensors"
                    : "the model folder has no .safetensors weights");
        }
        return new ModelFolder(dir, read(dir, "config.json").orElseThrow(), read(dir, "tokenizer_config.json"),
                read(dir, "generation_config.json"));
    }

    /**
     * @param dir  a folder
     * @param name a file name
     * @return the parsed object, or empty when the file does not exist
     * @throws ModelLoadException if it exists but is not a JSON object
     */
    static Optional<Metadata> read(Path dir, String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Metadata.parse(Files.readString(p, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + name, e);
        } catch (MetadataException e) {
            throw new ModelLoadException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * The end-of-sequence ids as mlx_lm finds them: {@code generation_config.json}'s {@code eos_token_id}
     * (int or list), else {@code config.json}'s, else the tokenizer config's {@code eos_token}.
     *
     * @param tokenizer the tokenizer
     * @return the ids (possibly empty)
     */
    Set<Integer> eosIds(Tokenizer tokenizer) {
        Set<Integer> ids = new LinkedHashSet<>();
        Object raw = generationConfig.map(g -> g.raw("eos_token_id")).orElse(null);
        if (raw == null) {
            raw = config.raw("eos_token_id");
        }
        if (raw == null) {
            raw = config.object("text_config").map(t -> t.raw("eos_token_id")).orElse(null);
        }
        addIds(raw, ids);
        if (ids.isEmpty()) {
            tokenizer.eosToken().flatMap(t -> {
                var id = tokenizer.id(t);
                return id.isPresent() ? Optional.of(id.getAsInt()) : Optional.empty();
            }).ifPresent(ids::add);
        }
        return ids;
    }

    private static void addIds(Object raw, Set<Integer> ids) {
        if (raw instanceof Long l) {
            ids.add(l.intValue());
        } else if (raw instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Long l) {
                    ids.add(l.intValue());
                }
            }
        }
    }
}
