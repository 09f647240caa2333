package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LoadedModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code gguf} engine: GGUF model files run by llama.cpp through JNA.
 *
 * <p>Construction is cheap and touches no native code; llama.cpp is opened on the first {@link #load}
 * (from the {@code llama} folder of the native root, system property {@code mlxgguf.native.dir}, default
 * {@code ${java.home}/lib/native}). Loaded models must be used from platform threads (native calls pin the
 * caller). Thread-safe.
 */
public final class GgufEngineProvider implements EngineProvider {

    private static final byte[] MAGIC = "GGUF".getBytes(StandardCharsets.US_ASCII);

    /** Creates the provider (no native code is loaded). */
    public GgufEngineProvider() {
    }

    @Override
    public String name() {
        return "gguf";
    }

    /**
     * {@inheritDoc}
     *
     * <p>True for a regular file named {@code *.gguf} (any case) that starts with the bytes {@code GGUF}.
     */
    @Override
    public boolean supports(Path model) {
        if (model == null || model.getFileName() == null
                || !model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")
                || !Files.isRegularFile(model)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(model)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws ModelLoadException if the file is not a GGUF model, llama.cpp is unavailable or refuses the
     *                            model; messages name the file, never its folder
     */
    @Override
    public LoadedModel load(LoadSpec spec) {
        if (!supports(spec.model())) {
            throw new ModelLoadException("not a GGUF model file: " + spec.model().getFileName());
        }
        return GgufTextModel.load(LlamaRuntime.get().llama(), spec);
    }
}
