package dev.mlxgguf.host.fake;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LoadedModel;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A deterministic test-only engine for HTTP- and process-layer tests (never for proving a feature of
 * a real engine). The "model" is a properties file whose first line is {@value #MAGIC} (any file name, so
 * that the server's catalog lists a {@code *.gguf} fake):
 * <ul>
 *   <li>{@code text}: the words it generates, cycling (default "alpha beta gamma delta");</li>
 *   <li>{@code token_delay_ms}, {@code load_delay_ms}: pacing;</li>
 *   <li>{@code crash_at_load}: exit status to die with while loading (e.g. 134);</li>
 *   <li>{@code crash_at_load_if_exists}: a file name next to the model; while it exists, loading dies with 134;</li>
 *   <li>{@code crash_after_tokens} + {@code crash_status}: die mid-generation;</li>
 *   <li>{@code context_length}: context size (default 256); {@code eos_after}: stop after n tokens;</li>
 *   <li>{@code kind=speech}: a speech model instead (see {@link FakeSpeechModel} for its keys).</li>
 * </ul>
 */
public final class FakeEngineProvider implements EngineProvider {

    /** First line of every fake model file. */
    public static final String MAGIC = "#fake-model";

    /** Creates the provider. */
    public FakeEngineProvider() {
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public boolean supports(Path model) {
        if (!Files.isRegularFile(model)) {
            return false;
        }
        try (var in = Files.newInputStream(model)) {
            return new String(in.readNBytes(MAGIC.length()), java.nio.charset.StandardCharsets.UTF_8).equals(MAGIC);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public LoadedModel load(LoadSpec spec) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(spec.model())) {
            p.load(r);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + spec.model().getFileName());
        }
        if ("speech".equals(p.getProperty("kind"))) {
            return new FakeSpeechModel(p);
        }
        FakeConfig config = FakeConfig.of(p);
        sleep(config.loadDelayMs());
        if (config.crashAtLoad() != 0) {
            Runtime.getRuntime().halt(config.crashAtLoad());
        }
        String marker = p.getProperty("crash_at_load_if_exists");
        if (marker != null && Files.exists(spec.model().resolveSibling(marker))) {
            Runtime.getRuntime().halt(134);
        }
        return new FakeTextModel(config, spec.contextLength() > 0 ? spec.contextLength() : config.contextLength());
    }

    /** Simulates compute time (the fake engine's configured delays); not used to order anything. @param ms millis */
    static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
