package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.support.NativeLibraryFolder;
import dev.mlxgguf.engine.support.NativeRuntime;
import dev.mlxgguf.ggml.CStrings;
import dev.mlxgguf.ggml.GgmlLibrary;
import dev.mlxgguf.ggml.GgmlLogBridge;

import com.sun.jna.Library;
import com.sun.jna.Native;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;

/**
 * The process-wide llama.cpp runtime, initialised once on first use (through {@link NativeRuntime}, so that nothing native
 * is touched before a model is loaded): opens {@code libllama} and {@code libggml} by absolute path,
 * installs the log bridge, loads the ggml backends from the same folder
 * ({@code ggml_backend_load_all_from_path}, which must precede {@code llama_backend_init}), then calls
 * {@code llama_backend_init}. The backend is never freed: it lives as long as the process.
 *
 * <p>If initialisation fails, every later {@link #get()} fails the same way with a
 * {@link ModelLoadException}; the full reason, including paths, goes to the log only.
 */
final class LlamaRuntime {

    private static final System.Logger LOG = System.getLogger(LlamaRuntime.class.getName());
    /** Strong reference for the whole process lifetime: native code calls it at any time. */
    private static final GgmlLogBridge LOG_BRIDGE =
            new GgmlLogBridge(System.getLogger("dev.mlxgguf.engine.gguf.llama.cpp"));
    private static final NativeRuntime<LlamaRuntime> RUNTIME =
            new NativeRuntime<>(NativeLibraryLocator.folder(), LlamaRuntime::load);

    private final LlamaLibrary llama;
    private final GgmlLibrary ggml;

    private LlamaRuntime(LlamaLibrary llama, GgmlLibrary ggml) {
        this.llama = llama;
        this.ggml = ggml;
    }

    /**
     * Initialises the runtime on first call.
     *
     * @return the runtime
     * @throws ModelLoadException if the native libraries cannot be found or opened
     */
    static LlamaRuntime get() {
        return RUNTIME.get();
    }

    /** {@return the llama.cpp binding} */
    LlamaLibrary llama() {
        return llama;
    }

    /** {@return the ggml binding} */
    GgmlLibrary ggml() {
        return ggml;
    }

    private static LlamaRuntime load() {
        NativeLibraryFolder folder = NativeLibraryLocator.folder();
        Path dir = folder.dir();
        Path llamaPath = folder.find(NativeLibraryLocator.LLAMA, "libllama");
        Path ggmlPath = folder.find(NativeLibraryLocator.GGML, "libggml");
        LOG.log(Level.DEBUG, "opening {0} and {1}", llamaPath, ggmlPath);
        Map<String, Object> options = Map.of(Library.OPTION_STRING_ENCODING, "UTF-8");
        LlamaLibrary llama = Native.load(llamaPath.toString(), LlamaLibrary.class, options);
        GgmlLibrary ggml = Native.load(ggmlPath.toString(), GgmlLibrary.class, options);
        llama.llama_log_set(LOG_BRIDGE, null);
        ggml.ggml_backend_load_all_from_path(CStrings.utf8z(dir.toString()));
        llama.llama_backend_init();
        LOG.log(Level.INFO, "llama.cpp {0} ready with {1} backend device(s)",
                CStrings.read(llama.llama_version()), ggml.ggml_backend_dev_count());
        return new LlamaRuntime(llama, ggml);
    }
}
