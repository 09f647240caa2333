package dev.mlxgguf.server.models;

import dev.mlxgguf.api.NotFoundException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The adapters folder: LoRA adapters by name. An adapter is a folder with {@code adapter_config.json}
 * and {@code adapters.safetensors} (mlx_lm layout) or a {@code .gguf} file (llama.cpp LoRA). Like
 * {@link ModelCatalog}, names are only matched against the listing, links the owner made are followed
 * ({@link FolderListing}) and entries that are not adapters are logged once. Thread-safe; every call rescans.
 */
public final class AdapterCatalog {

    private final Path root;
    private final FolderListing listing;

    /**
     * Creates a catalog.
     *
     * @param root the adapters folder
     */
    public AdapterCatalog(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.listing = new FolderListing(this.root, "adapters");
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
        List<Adapter> adapters = new ArrayList<>();
        for (FolderListing.Entry e : listing.entries()) {
            Path real = e.real();
            boolean mlx = Files.isDirectory(real) && Files.isRegularFile(real.resolve("adapter_config.json"))
                    && Files.isRegularFile(real.resolve("adapters.safetensors"));
            boolean gguf = Files.isRegularFile(real) && e.name().toLowerCase(Locale.ROOT).endsWith(".gguf");
            if (mlx || gguf) {
                adapters.add(new Adapter(e.name(), real));
            } else {
                listing.skipped(e.name(), "adapters are .gguf files or folders with adapter_config.json and "
                        + "adapters.safetensors");
            }
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
