package dev.mlxgguf.engine.spi;

import java.nio.file.Path;

/**
 * A model engine, found with {@link java.util.ServiceLoader} in a host process.
 *
 * <p>Implementations need a public no-argument constructor that is cheap: no native library may be
 * opened before {@link #load(LoadSpec)}. A host process loads exactly one model with one provider.
 */
public interface EngineProvider {

    /** {@return the engine name: {@code gguf}, {@code mlx}, {@code whisper}, ...} */
    String name();

    /**
     * Tells whether this engine can load the model at {@code model} by its format alone. Must not
     * open native libraries or read more than a file header.
     *
     * @param model a model file or folder
     * @return true if this engine understands the format
     */
    boolean supports(Path model);

    /**
     * Loads a model. Called on a platform thread of the host process.
     *
     * @param spec what to load
     * @return the loaded model, owned by the caller (close it)
     * @throws dev.mlxgguf.api.ModelLoadException with a client-safe reason if loading fails
     */
    LoadedModel load(LoadSpec spec);
}
