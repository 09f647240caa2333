package dev.mlxgguf.server.models;

import dev.mlxgguf.api.NotFoundException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The models folder: lists models and resolves a client-sent name to a model. This is the single
 * place where a model name becomes a path: names are only matched against the folder listing. Links the
 * owner put in the folder are followed ({@link FolderListing}), also links inside a model folder; entries
 * that are not models are logged once, with the reason.
 *
 * <p>Thread-safe; every call rescans the folder, so added or removed models show up at once.
 */
public final class ModelCatalog {

    private static final Pattern SPLIT_GGUF = Pattern.compile("(?i)^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$");

    private final Path root;
    private final FolderListing listing;

    /**
     * Creates a catalog.
     *
     * @param root the models folder (created if missing)
     */
    public ModelCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.listing = new FolderListing(this.root, "models");
    }

    /** {@return the models folder} */
    public Path root() {
        return root;
    }

    /** {@return every model, sorted by name} */
    public List<ModelEntry> list() {
        List<ModelEntry> models = new ArrayList<>();
        for (FolderListing.Entry e : listing.entries()) {
            entry(e).ifPresent(models::add);
        }
        models.sort(Comparator.comparing(ModelEntry::name));
        return models;
    }

    /**
     * Resolves a client-sent model name.
     *
     * @param name  the name
     * @param param the request field it came from, for error messages
     * @return the model
     * @throws dev.mlxgguf.api.InvalidRequestException if the name is not a plain name
     * @throws NotFoundException                       if no such model exists
     */
    public ModelEntry resolve(String name, String param) {
        NameRules.checkEntryName(name, param);
        return list().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("model '" + name + "' not found in the models folder"));
    }

    private Optional<ModelEntry> entry(FolderListing.Entry e) {
        String name = e.name();
        Path real = e.real();
        if (Files.isRegularFile(real) && name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            Matcher split = SPLIT_GGUF.matcher(name);
            if (split.matches() && !split.group(2).equals("00001")) {
                return Optional.empty(); // a later part of a split model: listed by its first part
            }
            long size = split.matches() ? splitSize(split) : size(real);
            return Optional.of(new ModelEntry(name, ModelFormat.GGUF, real, size));
        }
        if (Files.isDirectory(real)) {
            if (Files.isRegularFile(real.resolve("config.json"))) {
                return Optional.of(new ModelEntry(name, ModelFormat.MLX, real, safetensorsSize(real)));
            }
            listing.skipped(name, "a folder without config.json is not an MLX-format model");
        } else {
            listing.skipped(name, "only .gguf files and MLX-format folders are models");
        }
        return Optional.empty();
    }

    private long splitSize(Matcher split) {
        long total = 0;
        int parts = Integer.parseInt(split.group(3));
        for (int i = 1; i <= parts; i++) {
            total += size(root.resolve(String.format("%s-%05d-of-%s.gguf", split.group(1), i, split.group(3))));
        }
        return total;
    }

    private static long safetensorsSize(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".safetensors"))
                    .mapToLong(ModelCatalog::size).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
