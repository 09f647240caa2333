package dev.mlxgguf.server;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Parses the server's command line (the original's flags). Pure; throws {@link IllegalArgumentException} on bad input. */
final class CommandLine {

    static final String USAGE = """
            usage: mlx-gguf-server [options]
              -a, --addr ADDRESS       listen address (default 127.0.0.1)
              -p, --port PORT          listen port (default 4000)
                  --models-dir DIR     models folder (default ./models)
                  --adapters-dir DIR   LoRA adapters folder (default ./adapters)
                  --log-level LEVEL    debug | info | warning | error (default info)
                  --queue-size N       requests that may wait per model before 429 (default 64)
              -h, --help               this text
            """;

    private static final Set<String> LEVELS = Set.of("debug", "info", "warning", "error");

    private CommandLine() {
    }

    /**
     * Parses options; {@code --name=value} and {@code --name value} are both accepted.
     *
     * @param args the arguments
     * @return the configuration
     * @throws IllegalArgumentException naming the bad option
     */
    static ServerConfig parse(List<String> args) {
        ServerConfig d = ServerConfig.defaults();
        String address = d.address();
        int port = d.port();
        Path models = d.modelsDir();
        Path adapters = d.adaptersDir();
        String level = d.logLevel();
        int queue = d.queueCapacity();
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            Value v = new Value(name, arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null, rest);
            switch (name) {
                case "-a", "--addr" -> address = v.get();
                case "-p", "--port" -> port = v.integer(0, 65535);
                case "--models-dir" -> models = Path.of(v.get());
                case "--adapters-dir" -> adapters = Path.of(v.get());
                case "--log-level" -> level = v.get().toLowerCase(Locale.ROOT);
                case "--queue-size" -> queue = v.integer(1, 100_000);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("--log-level must be one of debug, info, warning, error");
        }
        return new ServerConfig(address, port, models, adapters, level, queue, d.maxBodyBytes(),
                d.pingInterval(), d.shutdownGrace());
    }

    /** The value of one option: inline ({@code --x=v}) or the next argument. */
    private record Value(String name, String inline, Deque<String> rest) {
        String get() {
            if (inline != null) {
                return inline;
            }
            String next = rest.poll();
            if (next == null) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            return next;
        }

        int integer(int min, int max) {
            String s = get();
            try {
                int v = Integer.parseInt(s);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number in " + min + ".." + max + ": " + s);
        }
    }
}
