package dev.mlxgguf.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Server settings, from the command line.
 *
 * @param address        listen address (default 127.0.0.1)
 * @param port           listen port (default 4000; 0 = any free port)
 * @param modelsDir      models folder
 * @param adaptersDir    LoRA adapters folder
 * @param logLevel       log level name (debug, info, warning, error)
 * @param queueCapacity  requests that may wait per slot before 429
 * @param maxBodyBytes   largest accepted JSON body
 * @param pingInterval   SSE keep-alive comment interval
 * @param shutdownGrace  how long in-flight requests may finish on shutdown
 */
public record ServerConfig(String address, int port, Path modelsDir, Path adaptersDir, String logLevel,
                           int queueCapacity, long maxBodyBytes, Duration pingInterval, Duration shutdownGrace) {

    /** Validates. */
    public ServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(adaptersDir, "adaptersDir");
        Objects.requireNonNull(logLevel, "logLevel");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1");
        }
    }

    /** {@return the defaults: 127.0.0.1:4000, ./models, ./adapters} */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 4000, Path.of("models"), Path.of("adapters"), "info", 64,
                16L << 20, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** {@return a copy listening on another port} @param p the port */
    public ServerConfig withPort(int p) {
        return new ServerConfig(address, p, modelsDir, adaptersDir, logLevel, queueCapacity, maxBodyBytes,
                pingInterval, shutdownGrace);
    }
}
