package dev.mlxgguf.server;

import dev.mlxgguf.host.client.HostCommand;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Command-line entry point: {@code mlx-gguf-server [options]}. Parses the flags, configures logging,
 * starts the server, and stops every host process on SIGTERM / Ctrl-C.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the server until the JVM is asked to stop.
     *
     * @param args command-line flags (see {@code --help})
     */
    public static void main(String[] args) {
        long startNanos = System.nanoTime();
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        if (args.length > 0 && args[0].equals("bench")) {
            // The image's launcher runs the bench module itself; this JVM only has the server's modules.
            err.println("mlx-gguf-server: run the bench through the launcher (bin/mlx-gguf-server bench ...) or as"
                    + " -m dev.mlxgguf.bench/dev.mlxgguf.bench.BenchCommand");
            System.exit(2);
            return;
        }
        if (List.of(args).contains("-h") || List.of(args).contains("--help")) {
            System.out.print(CommandLine.USAGE);
            return;
        }
        ServerConfig config;
        try {
            config = CommandLine.parse(List.of(args), System::getenv);
        } catch (IllegalArgumentException e) {
            err.println("mlx-gguf-server: " + e.getMessage());
            err.print(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        configureLogging(config.logLevel());
        System.Logger log = System.getLogger(Main.class.getName());
        LlmServer server;
        try {
            server = LlmServer.start(config, HostCommand.fromCurrentRuntime());
        } catch (RuntimeException e) {
            log.log(Level.ERROR, "cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "shutdown"));
        log.log(Level.INFO, String.format("mlx-gguf-server listening on %s://%s:%d (models: %s) — started in %d ms",
                config.tls().isPresent() ? "https" : "http", config.address(), server.port(), config.modelsDir(), (System.nanoTime() - startNanos) / 1_000_000));
    }

    /**
     * One-line log records at the chosen level, for the server and its hosts' forwarded lines.
     *
     * @param level debug, info, warning or error
     */
    static void configureLogging(String level) {
        java.util.logging.Level jul = switch (level) {
            case "debug" -> java.util.logging.Level.FINE;
            case "warning" -> java.util.logging.Level.WARNING;
            case "error" -> java.util.logging.Level.SEVERE;
            default -> java.util.logging.Level.INFO;
        };
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(jul);
        root.addHandler(handler);
        root.setLevel(jul);
        // Helidon's own start-up chatter stays at warning unless debugging.
        Logger.getLogger("io.helidon").setLevel(jul.intValue() < java.util.logging.Level.INFO.intValue()
                ? jul : java.util.logging.Level.WARNING);
    }
}
