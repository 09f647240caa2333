package dev.mlxgguf.engine.mlx.safetensors;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * All tensors of a model folder: every {@code model*.safetensors} file (one file or shards), merged by
 * name as mlx_lm does. When {@code model.safetensors.index.json} is present it must agree with the shards
 * (every mapped tensor is in the file it names). A tensor name in two shards is an error.
 *
 * <p>Ownership: owns the open files; {@link #close()} unmaps them all (idempotent). Thread-safe for reading.
 */
public final class TensorStore implements AutoCloseable {

    private static final String INDEX = "model.safetensors.index.json";

    private final List<SafetensorsFile> files;
    private final Map<String, Tensor> tensors;

    private TensorStore(List<SafetensorsFile> files, Map<String, Tensor> tensors) {
        this.files = List.copyOf(files);
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /**
     * Opens the weights of a model folder.
     *
     * @param folder the model folder
     * @return the store, owned by the caller
     * @throws ModelLoadException if no weight file exists, a file is invalid, or the shards disagree
     */
    public static TensorStore openModel(Path folder) {
        List<Path> shards;
        try (Stream<Path> s = Files.list(folder)) {
            shards = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("model") && n.endsWith(".safetensors") && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new ModelLoadException("cannot list the model folder", e);
        }
        if (shards.isEmpty()) {
            throw new ModelLoadException("the model folder has no model*.safetensors file");
        }
        TensorStore store = open(shards);
        try {
            Path index = folder.resolve(INDEX);
            if (Files.isRegularFile(index)) {
                store.checkIndex(index);
            }
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Opens a list of safetensors files as one store.
     *
     * @param paths the files
     * @return the store, owned by the caller
     * @throws ModelLoadException if a file is invalid or two files hold the same tensor name
     */
    public static TensorStore open(List<Path> paths) {
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, Tensor> all = new HashMap<>();
            for (Path p : paths) {
                SafetensorsFile f = SafetensorsFile.open(p);
                opened.add(f);
                for (Tensor t : f.tensors().values()) {
                    if (all.put(t.name(), t) != null) {
                        throw new ModelLoadException("tensor " + t.name() + " appears in more than one shard");
                    }
                }
            }
            return new TensorStore(opened, all);
        } catch (RuntimeException e) {
            opened.forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private void checkIndex(Path index) {
        Metadata weightMap;
        try {
            weightMap = Metadata.parse(Files.readString(index, StandardCharsets.UTF_8)).requireObject("weight_map");
        } catch (IOException | MetadataException e) {
            throw new ModelLoadException(INDEX + ": " + e.getMessage());
        }
        Map<String, String> fileOf = new HashMap<>();
        for (SafetensorsFile f : files) {
            f.tensors().keySet().forEach(n -> fileOf.put(n, f.fileName()));
        }
        for (Map.Entry<String, Object> e : weightMap.asMap().entrySet()) {
            String actual = fileOf.get(e.getKey());
            if (actual == null || !actual.equals(e.getValue())) {
                throw new ModelLoadException(INDEX + ": tensor " + e.getKey() + " is mapped to " + e.getValue()
                        + " but " + (actual == null ? "no shard holds it" : "it is in " + actual));
            }
        }
    }

    /** {@return every tensor name} */
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * @param name a tensor name
     * @return the tensor, if present
     */
    public Optional<Tensor> get(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /**
     * @param name a tensor name
     * @return the tensor
     * @throws ModelLoadException if it is missing
     */
    public Tensor require(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelLoadException("missing tensor " + name);
        }
        return t;
    }

    /** {@return the total bytes of all tensors} */
    public long byteSize() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.info().byteSize();
        }
        return n;
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
