package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.support.NativeLibraryFolder;
import dev.mlxgguf.engine.support.NativeRuntime;
import dev.mlxgguf.engine.whisper.jna.WhisperFullParams;
import dev.mlxgguf.engine.whisper.jna.WhisperLibrary;
import dev.mlxgguf.ggml.CStrings;
import dev.mlxgguf.ggml.GgmlLibrary;
import dev.mlxgguf.ggml.GgmlLogBridge;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process-wide whisper.cpp runtime, initialised once on first use (through {@link NativeRuntime}: nothing native is touched
 * before a model is loaded). It opens {@code libwhisper} and whisper's own {@code libggml} by absolute path with
 * {@code RTLD_LOCAL} (JNA's default {@code RTLD_GLOBAL} would let another ggml in the process bind whisper's
 * symbols), installs the log bridge, and loads the ggml backends of the same folder
 * ({@code ggml_backend_load_all_from_path}; whisper.cpp never loads backends itself, and a build with
 * {@code GGML_BACKEND_DL} has none until then). The runtime lives as long as the process.
 *
 * <p>{@code whisper_full_params} changed layout between whisper.cpp 1.7.6 (296 bytes) and 1.9.1 (304 bytes, with
 * {@code carry_initial_prompt}); {@link #defaultParams} picks the layout from {@code whisper_version()}.
 *
 * <p>If initialisation fails, every later {@link #get()} fails the same way with a {@link ModelLoadException};
 * the full reason, including paths, goes to the log only.
 */
final class WhisperRuntime {

    private static final System.Logger LOG = System.getLogger(WhisperRuntime.class.getName());
    /** Strong reference for the whole process lifetime: native code calls it at any time. */
    private static final GgmlLogBridge LOG_BRIDGE =
            new GgmlLogBridge(System.getLogger("dev.mlxgguf.engine.whisper.whisper.cpp"));
    private static final NativeRuntime<WhisperRuntime> RUNTIME =
            new NativeRuntime<>(WhisperLibraryLocator.folder(), WhisperRuntime::load);
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?.*");
    /** dlopen flags: RTLD_LAZY | RTLD_LOCAL (RTLD_LOCAL is 0 on Linux, 4 on macOS). */
    private static final int OPEN_FLAGS = Platform.isMac() ? 0x1 | 0x4 : 0x1;

    private final WhisperLibrary whisper;
    private final String version;
    private final boolean legacyParams;

    private WhisperRuntime(WhisperLibrary whisper, String version, boolean legacyParams) {
        this.whisper = whisper;
        this.version = version;
        this.legacyParams = legacyParams;
    }

    /**
     * Initialises the runtime on first call.
     *
     * @return the runtime
     * @throws ModelLoadException if the native libraries cannot be found or opened
     */
    static WhisperRuntime get() {
        return RUNTIME.get();
    }

    /** {@return the binding} */
    WhisperLibrary whisper() {
        return whisper;
    }

    /** {@return whisper.cpp's version, e.g. 1.9.1} */
    String version() {
        return version;
    }

    /**
     * Fresh default decoding parameters in the layout of the loaded library.
     *
     * @param strategy 0 greedy, 1 beam search
     * @return parameters backed by native memory that the caller frees with {@link #free}
     */
    WhisperFullParams.ByValue defaultParams(int strategy) {
        Pointer p = whisper.whisper_full_default_params_by_ref(strategy);
        if (p == null) {
            throw new dev.mlxgguf.api.EngineFailureException("whisper_full_default_params_by_ref returned null");
        }
        return legacyParams ? new WhisperFullParams.V1_7ByValue(p) : new WhisperFullParams.ByValue(p);
    }

    /** @param params from {@link #defaultParams}; unusable afterwards */
    void free(WhisperFullParams.ByValue params) {
        whisper.whisper_free_params(params.getPointer());
    }

    /**
     * Whether a version uses the 1.7.6 parameter layout (no {@code carry_initial_prompt}).
     *
     * @param version e.g. {@code 1.7.6}
     * @return true for versions before 1.8
     */
    static boolean legacyLayout(String version) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            throw new ModelLoadException("unrecognised whisper.cpp version " + version);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major < 1 || (major == 1 && minor < 8);
    }

    private static WhisperRuntime load() {
        NativeLibraryFolder folder = WhisperLibraryLocator.folder();
        Path dir = folder.dir();
        Path ggmlPath = folder.find(WhisperLibraryLocator.GGML, "libggml");
        Path whisperPath = folder.find(WhisperLibraryLocator.WHISPER, "libwhisper");
        LOG.log(Level.DEBUG, "opening {0} and {1}", whisperPath, ggmlPath);
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8", Library.OPTION_OPEN_FLAGS, OPEN_FLAGS);
        GgmlLibrary ggml = Native.load(ggmlPath.toString(), GgmlLibrary.class, options);
        WhisperLibrary whisper = Native.load(whisperPath.toString(), WhisperLibrary.class, options);
        whisper.whisper_log_set(LOG_BRIDGE, null);
        ggml.ggml_backend_load_all_from_path(CStrings.utf8z(dir.toString()));
        long devices = ggml.ggml_backend_dev_count();
        if (devices < 1) {
            throw new ModelLoadException("whisper.cpp found no compute backend (is libggml-cpu in the native folder?)");
        }
        String version = CStrings.readOrEmpty(whisper.whisper_version());
        boolean legacy = legacyLayout(version);
        LOG.log(Level.INFO, "whisper.cpp {0} ready with {1} backend device(s){2}", version, devices,
                legacy ? " (1.7 parameter layout)" : "");
        return new WhisperRuntime(whisper, version, legacy);
    }
}
