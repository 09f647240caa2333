package dev.mlxgguf.engine.support;

import dev.mlxgguf.api.ModelLoadException;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * A native library set opened once per process, on first use (never in a static initialiser of a widely
 * used class). A failure is remembered: every later {@link #get()} fails the same way, without opening the
 * libraries again.
 *
 * <p>Thread-safe.
 *
 * @param <T> what opening yields (the bindings)
 */
public final class NativeRuntime<T> {

    private static final System.Logger LOG = System.getLogger(NativeRuntime.class.getName());

    private final NativeLibraryFolder folder;
    private final Supplier<T> opener;
    private T value;
    private ModelLoadException failure;

    /**
     * @param folder where the libraries live (for messages; {@code opener} finds them there)
     * @param opener opens the libraries; throws {@link ModelLoadException} with a client-safe reason when they
     *               are missing
     */
    public NativeRuntime(NativeLibraryFolder folder, Supplier<T> opener) {
        this.folder = folder;
        this.opener = opener;
    }

    /**
     * {@return the opened runtime, opening it on the first call}
     *
     * @throws ModelLoadException if the libraries cannot be found or opened (now or on the first call)
     */
    public synchronized T get() {
        if (value == null && failure == null) {
            try {
                value = opener.get();
            } catch (ModelLoadException e) {
                LOG.log(Level.ERROR, folder.name() + " is not available in " + folder.dir(), e);
                failure = e;
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.ERROR, folder.name() + " could not be opened from " + folder.dir(), e);
                failure = new ModelLoadException("the " + folder.name() + " native libraries could not be opened", e);
            }
        }
        if (failure != null) {
            throw new ModelLoadException(failure.getMessage(), failure);
        }
        return value;
    }
}
