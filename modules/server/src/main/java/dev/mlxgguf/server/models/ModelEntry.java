package dev.mlxgguf.server.models;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model found in the models folder.
 *
 * @param name      the name clients use (file name for GGUF, folder name for MLX)
 * @param format    the format
 * @param path      the real path, inside the models folder (never sent to clients)
 * @param sizeBytes bytes of weights on disk (all parts of a split GGUF; all safetensors of a folder)
 */
public record ModelEntry(String name, ModelFormat format, Path path, long sizeBytes) {

    /** Checks that no component is null. */
    public ModelEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
    }
}
