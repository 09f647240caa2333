package dev.mlxgguf.host.client;

import java.io.File;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to start a host JVM: the {@code java} binary, JVM options, and where the host and engine
 * modules come from (a module path, a class path, or neither when they are linked into the runtime
 * image). Built from the server's own runtime by {@link #fromCurrentRuntime()}.
 *
 * @param java       the java launcher
 * @param jvmOptions extra JVM options (memory, GC, system properties)
 * @param modulePath module path holding the host and engine modules, if not linked into the image
 * @param classPath  class path for class-path mode (tests), used only when there is no module path
 * @param env        environment variables to set in the child
 * @param engine     the engine module the host needs ({@code dev.mlxgguf.engine.gguf}, ...), if known: in module
 *                   mode the host then sees only that engine ({@code --limit-modules}), so a GGUF or whisper host
 *                   resolves neither engine-mlx nor the incubating Vector API
 */
public record HostCommand(Path java, List<String> jvmOptions, Optional<String> modulePath, Optional<String> classPath,
                          Map<String, String> env, Optional<String> engine) {

    /** JVM option every host carries first, so that tools and tests can find host processes by command line. */
    public static final String ROLE_MARKER = "-Dmlxgguf.role=host";
    /** Main class of the host. */
    public static final String MAIN_CLASS = "dev.mlxgguf.host.HostMain";
    /** Module of the host. */
    public static final String MODULE = "dev.mlxgguf.host";
    /** System property naming the native library root, passed on to hosts. */
    public static final String NATIVE_DIR_PROPERTY = "mlxgguf.native.dir";
    /** System property that overrides the module path given to hosts. */
    public static final String HOST_MODULE_PATH_PROPERTY = "mlxgguf.host.module-path";
    /** System property that selects class-path mode with this class path. */
    public static final String HOST_CLASS_PATH_PROPERTY = "mlxgguf.host.class-path";

    /** Validates and copies. */
    public HostCommand {
        Objects.requireNonNull(java, "java");
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(modulePath, "modulePath");
        Objects.requireNonNull(classPath, "classPath");
        env = Map.copyOf(env);
        Objects.requireNonNull(engine, "engine");
    }

    /**
     * A command without a chosen engine (every engine the runtime has is observable).
     *
     * @param java       the java launcher
     * @param jvmOptions extra JVM options
     * @param modulePath module path, if not linked into the image
     * @param classPath  class path for class-path mode
     * @param env        environment variables
     */
    public HostCommand(Path java, List<String> jvmOptions, Optional<String> modulePath, Optional<String> classPath,
                       Map<String, String> env) {
        this(java, jvmOptions, modulePath, classPath, env, Optional.empty());
    }

    /**
     * @param engineName the engine's name ({@code gguf}, {@code mlx}, {@code whisper})
     * @return this command for a host that needs only that engine
     */
    public HostCommand forEngine(String engineName) {
        return new HostCommand(java, jvmOptions, modulePath, classPath, env, Optional.of("dev.mlxgguf.engine." + engineName));
    }

    /**
     * The host command matching how this JVM runs: the same {@code java}, the same module path
     * (or class path when {@value #HOST_CLASS_PATH_PROPERTY} is set), and the native library root.
     *
     * @return the command
     */
    public static HostCommand fromCurrentRuntime() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Optional<String> classPath = Optional.ofNullable(System.getProperty(HOST_CLASS_PATH_PROPERTY));
        Optional<String> modulePath = classPath.isPresent() ? Optional.empty()
                : Optional.ofNullable(System.getProperty(HOST_MODULE_PATH_PROPERTY,
                        System.getProperty("jdk.module.path")));
        List<String> options = new ArrayList<>();
        String nativeDir = System.getProperty(NATIVE_DIR_PROPERTY);
        if (nativeDir != null) {
            options.add("-D" + NATIVE_DIR_PROPERTY + "=" + nativeDir);
        }
        Path imageLib = Path.of(System.getProperty("java.home"), "lib");
        if (Files.exists(imageLib.resolve(System.mapLibraryName("jnidispatch")))
                || Files.exists(imageLib.resolve("libjnidispatch.jnilib"))) {
            // Runtime image: JNA's dispatch library ships in lib/, nothing is unpacked to a temp dir.
            options.add("-Djna.boot.library.path=" + imageLib);
            options.add("-Djna.nounpack=true");
        }
        return new HostCommand(java, options, modulePath, classPath, Map.of("GGML_NO_BACKTRACE", "1"), Optional.empty());
    }

    /**
     * Builds the argv for one host.
     *
     * @return the command line, never passed through a shell
     */
    List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(java.toString());
        argv.add(ROLE_MARKER);
        argv.add("-XX:+UseSerialGC");
        argv.add("-XX:-UsePerfData");
        argv.add("-Djava.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%6$s%n");
        argv.add("-Djna.encoding=UTF-8");
        argv.addAll(jvmOptions);
        if (classPath.isPresent()) {
            // Class-path mode (tests): engine-mlx in the unnamed module cannot require the Vector API itself.
            argv.add("--add-modules=jdk.incubator.vector");
            argv.add("--enable-native-access=ALL-UNNAMED");
            argv.add("-cp");
            argv.add(classPath.get());
            argv.add(MAIN_CLASS);
            return argv;
        }
        if (engine.isEmpty() || reaches(engine.get(), "com.sun.jna")) {
            argv.add("--enable-native-access=com.sun.jna"); // naming an absent module would print a warning
        }
        modulePath.ifPresent(mp -> {
            argv.add("-p");
            argv.add(mp);
        });
        // Only the host and its engine (with what they require) are observable; service binding finds that engine.
        // (plus the JSON-P provider, found by binding too)
        engine.ifPresent(e -> argv.add("--limit-modules=" + MODULE + "," + e + ",org.eclipse.parsson"));
        argv.add("-m");
        argv.add(MODULE + "/" + MAIN_CLASS);
        return argv;
    }

    /** {@return whether module {@code from} requires {@code target}, directly or through other modules} */
    private boolean reaches(String from, String target) {
        ModuleFinder finder = ModuleFinder.compose(ModuleFinder.ofSystem(), modulePath
                .map(mp -> ModuleFinder.of(Arrays.stream(mp.split(File.pathSeparator)).map(Path::of).toArray(Path[]::new)))
                .orElse(ModuleFinder.of()));
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(List.of(from));
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (name.equals(target)) {
                return true;
            }
            if (seen.add(name)) {
                finder.find(name).ifPresent(ref -> ref.descriptor().requires()
                        .forEach(r -> todo.add(r.name())));
            }
        }
        return false;
    }

    /** {@return true if the java launcher exists} */
    boolean launcherExists() {
        return Files.isExecutable(java);
    }
}
