package dev.mlxgguf.server.models;

import dev.mlxgguf.api.NotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The adapters folder: LoRA adapters by name. An adapter is a folder with {@code adapter_config.json}
 * and {@code adapters.safetensors} (mlx_lm layout) or a {@code .gguf} file (llama.cpp LoRA). Like
 * {@link ModelCatalog}, names are only matched against the listing, and entries whose real path leaves
 * the folder are skipped. Thread-safe; every call rescans.
 */
public final class AdapterCatalog {

    private static final System.Logger LOG = System.getLogger(AdapterCatalog.class.getName());

    private final Path root;

    /**
     * Creates a catalog.
     *
     * @param root the adapters folder
     */
    public AdapterCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * An adapter found in the folder.
     *
     * @param name the name clients use
     * @param path its real path (never sent to clients)
     */
    public record Adapter(String name, Path path) {
    }

    /** {@return every adapter, sorted by name} */
    public List<Adapter> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Path realRoot;
        try {
            realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the adapters folder", e);
        }
        List<Adapter> adapters = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.startsWith("-")) {
                    continue;
                }
                Path real;
                try {
                    real = p.toRealPath();
                } catch (IOException e) {
                    continue;
                }
                if (!real.startsWith(realRoot)) {
                    LOG.log(Level.WARNING, "ignoring adapter " + name + ": it points outside the adapters folder");
                    continue;
                }
                boolean mlx = Files.isDirectory(real) && Files.isRegularFile(real.resolve("adapter_config.json"))
                        && Files.isRegularFile(real.resolve("adapters.safetensors"));
                boolean gguf = Files.isRegularFile(real) && name.toLowerCase(Locale.ROOT).endsWith(".gguf");
                if (mlx || gguf) {
                    adapters.add(new Adapter(name, real));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the adapters folder", e);
        }
        adapters.sort(java.util.Comparator.comparing(Adapter::name));
        return adapters;
    }

    /**
     * Resolves a client-sent adapter name.
     *
     * @param name the name
     * @return the adapter
     * @throws dev.mlxgguf.api.InvalidRequestException if the name is not a plain name
     * @throws NotFoundException                       if no such adapter exists
     */
    public Adapter resolve(String name) {
        NameRules.checkEntryName(name, "adapter_name");
        return list().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("adapter '" + name + "' not found in the adapters folder"));
    }
}
