package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LoadedModel;

import java.nio.file.Path;

/**
 * The {@code whisper} engine: whisper.cpp model files (legacy ggml format, e.g. {@code ggml-base.en.bin}) run by
 * whisper.cpp through JNA, as a {@link dev.mlxgguf.engine.spi.SpeechModel}.
 *
 * <p>Construction is cheap and touches no native code; whisper.cpp is opened on the first {@link #load} (from the
 * {@code whisper} folder of the native root, system property {@code mlxgguf.native.dir}, default
 * {@code ${java.home}/lib/native}). Non-WAV audio needs {@code ffmpeg} (system property {@code mlxgguf.ffmpeg}, or
 * the {@code PATH}). Thread-safe.
 */
public final class WhisperEngineProvider implements EngineProvider {

    /** Creates the provider (no native code is loaded). */
    public WhisperEngineProvider() {
    }

    @Override
    public String name() {
        return "whisper";
    }

    /**
     * {@inheritDoc}
     *
     * <p>True for a regular file that starts with the ggml magic and plausible whisper hyper-parameters, whatever
     * its name.
     */
    @Override
    public boolean supports(Path model) {
        return WhisperModelFile.read(model).isPresent();
    }

    /**
     * {@inheritDoc}
     *
     * @throws ModelLoadException if the file is not a whisper model, whisper.cpp is unavailable or refuses the
     *                            model; messages name the file, never its folder
     */
    @Override
    public LoadedModel load(LoadSpec spec) {
        WhisperModelFile header = WhisperModelFile.read(spec.model()).orElseThrow(
                () -> new ModelLoadException("not a whisper.cpp model file: " + spec.model().getFileName()));
        return WhisperSpeechModel.load(WhisperRuntime.get(), header, spec);
    }
}
