package dev.mlxgguf.server.models;

import dev.mlxgguf.api.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
 * place where a model name becomes a path: names are only matched against the folder listing, and
 * entries whose real path leaves the folder (symlinks) are skipped.
 *
 * <p>Thread-safe; every call rescans the folder, so added or removed models show up at once.
 */
public final class ModelCatalog {

    private static final System.Logger LOG = System.getLogger(ModelCatalog.class.getName());
    private static final Pattern SPLIT_GGUF = Pattern.compile("(?i)^(.*)-(\\d{5})-of-(\\d{5})\\.gguf$");

    private final Path root;

    /**
     * Creates a catalog.
     *
     * @param root the models folder (created if missing)
     */
    public ModelCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@return the models folder} */
    public Path root() {
        return root;
    }

    /** {@return every model, sorted by name} */
    public List<ModelEntry> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Path realRoot = realRoot();
        List<ModelEntry> models = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                entry(realRoot, p).ifPresent(models::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the models folder", e);
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

    private Optional<ModelEntry> entry(Path realRoot, Path p) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("-")) {
            return Optional.empty();
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            return Optional.empty(); // dangling link
        }
        if (!real.startsWith(realRoot)) {
            LOG.log(Level.WARNING, "ignoring " + name + ": it points outside the models folder");
            return Optional.empty();
        }
        if (Files.isRegularFile(real) && name.toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            Matcher split = SPLIT_GGUF.matcher(name);
            if (split.matches() && !split.group(2).equals("00001")) {
                return Optional.empty();
            }
            long size = split.matches() ? splitSize(realRoot, split) : size(real);
            return Optional.of(new ModelEntry(name, ModelFormat.GGUF, real, size));
        }
        if (Files.isDirectory(real) && Files.isRegularFile(real.resolve("config.json"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(new ModelEntry(name, ModelFormat.MLX, real, safetensorsSize(real)));
        }
        return Optional.empty();
    }

    private long splitSize(Path realRoot, Matcher split) {
        long total = 0;
        int parts = Integer.parseInt(split.group(3));
        for (int i = 1; i <= parts; i++) {
            total += size(realRoot.resolve(String.format("%s-%05d-of-%s.gguf", split.group(1), i, split.group(3))));
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

    private Path realRoot() {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the models folder", e);
        }
    }
}
