package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LoadedModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The {@code mlx} engine: MLX-format model folders ({@code config.json}, {@code *.safetensors},
 * {@code tokenizer.json}) served in pure Java with the Vector API and memory-mapped weights, optionally with
 * an mlx_lm LoRA/DoRA adapter ({@link LoadSpec#adapter()}).
 *
 * <p>Construction is cheap and reads nothing. Thread-safe.
 */
public final class MlxEngineProvider implements EngineProvider {

    /** Creates the provider. */
    public MlxEngineProvider() {
    }

    @Override
    public String name() {
        return "mlx";
    }

    /**
     * {@inheritDoc}
     *
     * <p>True for a directory holding {@code config.json} and at least one {@code *.safetensors} file.
     */
    @Override
    public boolean supports(Path model) {
        if (model == null || !Files.isDirectory(model) || !Files.isRegularFile(model.resolve("config.json"))) {
            return false;
        }
        try (Stream<Path> s = Files.list(model)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws ModelLoadException if the folder is not a supported MLX model, a file is damaged, or the adapter
     *                            does not fit; messages name files inside the folder, never the folder's path
     */
    @Override
    public LoadedModel load(LoadSpec spec) {
        if (spec.kvCacheType() != KvCacheType.F16) {
            throw new ModelLoadException("engine-mlx keeps its KV cache in F16; kv_cache_type "
                    + spec.kvCacheType().wireName() + " is for GGUF models");
        }
        return MlxTextModel.load(spec);
    }
}
