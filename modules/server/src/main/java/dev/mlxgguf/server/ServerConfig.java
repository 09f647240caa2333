package dev.mlxgguf.server;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.server.http.ClientTimeouts;
import dev.mlxgguf.server.http.TlsFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Server settings, from the command line (the original's flags plus ours).
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
 * @param whisperModel   whisper model file; present = transcription enabled
 * @param maxMemoryBytes memory budget for loaded models, 0 = off
 * @param autoLoad       load the model a request names into a free slot (needs a memory budget)
 * @param apiKey         required bearer key, if any
 * @param maxKvCacheBytes disk cap of the prompt cache
 * @param corsOrigins    origins allowed by CORS (none by default)
 * @param kvCacheDir     the shared prompt-cache folder
 * @param threads        compute threads per generation; 0 = automatic (free cores minus one, shared)
 * @param ctxSize        {@code --ctx-size}: context tokens of every load that names none; 0 = auto (see
 *                       {@code ContextSizing})
 * @param kvBudgetBytes  {@code --kv-budget-gb}: the KV cache one sequence of an automatic context may take
 * @param adminApiKey    the key of the administration routes (load, unload, management, prompt-cache export and
 *                       import), if any; the inference key does not reach them while it is set
 * @param clientTimeouts how long a client may take over its headers, between body bytes, and idle
 * @param kvCacheType    {@code --kv-cache-type}: the KV cache of loads that name none (default f16)
 * @param tls            the certificate and key to serve HTTPS with ({@code --tls-cert}, {@code --tls-key}); empty =
 *                       plain HTTP
 */
public record ServerConfig(String address, int port, Path modelsDir, Path adaptersDir, String logLevel,
                           int queueCapacity, long maxBodyBytes, Duration pingInterval, Duration shutdownGrace,
                           Optional<Path> whisperModel, long maxMemoryBytes, boolean autoLoad, Optional<String> apiKey,
                           long maxKvCacheBytes, List<String> corsOrigins, Path kvCacheDir, int threads,
                           int ctxSize, long kvBudgetBytes, Optional<String> adminApiKey,
                           ClientTimeouts clientTimeouts, KvCacheType kvCacheType, Optional<TlsFiles> tls) {

    /** Checks the components (a null or out-of-range one throws) and keeps unmodifiable copies of collections. */
    public ServerConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(adaptersDir, "adaptersDir");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(whisperModel, "whisperModel");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(adminApiKey, "adminApiKey");
        Objects.requireNonNull(clientTimeouts, "clientTimeouts");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(kvCacheType, "kvCacheType");
        if (ctxSize < 0 || kvBudgetBytes < 0) {
            throw new IllegalArgumentException("ctx-size and kv-budget must be >= 0");
        }
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(kvCacheDir, "kvCacheDir");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be >= 1");
        }
        if (autoLoad && maxMemoryBytes <= 0) {
            throw new IllegalArgumentException("--enable-auto-load needs --max-memory-gb");
        }
    }

    /** {@return the defaults: 127.0.0.1:4000, ./models, ./adapters, no whisper, no budget, no key} */
    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 4000, Path.of("models"), Path.of("adapters"), "info", 64,
                32L << 20, Duration.ofSeconds(10), Duration.ofSeconds(30), Optional.empty(), 0, false,
                Optional.empty(), 10L << 30, List.of(), Path.of("kv-cache"), 0, 0, 1L << 30, Optional.empty(),
                ClientTimeouts.defaults(), KvCacheType.F16, Optional.empty());
    }

    /** {@return a builder starting from these values} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder of a config; not thread-safe. */
    public static final class Builder {
        private String address;
        private int port;
        private Path modelsDir;
        private Path adaptersDir;
        private String logLevel;
        private int queueCapacity;
        private long maxBodyBytes;
        private Duration pingInterval;
        private Duration shutdownGrace;
        private Optional<Path> whisperModel;
        private long maxMemoryBytes;
        private boolean autoLoad;
        private Optional<String> apiKey;
        private long maxKvCacheBytes;
        private List<String> corsOrigins;
        private Path kvCacheDir;
        private int threads;
        private int ctxSize;
        private long kvBudgetBytes;
        private Optional<String> adminApiKey;
        private ClientTimeouts clientTimeouts;
        private Optional<TlsFiles> tls;
        private KvCacheType kvCacheType;

        private Builder(ServerConfig c) {
            address = c.address;
            port = c.port;
            modelsDir = c.modelsDir;
            adaptersDir = c.adaptersDir;
            logLevel = c.logLevel;
            queueCapacity = c.queueCapacity;
            maxBodyBytes = c.maxBodyBytes;
            pingInterval = c.pingInterval;
            shutdownGrace = c.shutdownGrace;
            whisperModel = c.whisperModel;
            maxMemoryBytes = c.maxMemoryBytes;
            autoLoad = c.autoLoad;
            apiKey = c.apiKey;
            maxKvCacheBytes = c.maxKvCacheBytes;
            corsOrigins = c.corsOrigins;
            kvCacheDir = c.kvCacheDir;
            threads = c.threads;
            ctxSize = c.ctxSize;
            kvBudgetBytes = c.kvBudgetBytes;
            adminApiKey = c.adminApiKey;
            clientTimeouts = c.clientTimeouts;
            tls = c.tls;
            kvCacheType = c.kvCacheType;
        }

        /** @param v listen address @return this */
        public Builder address(String v) { address = v; return this; }
        /** @param v port @return this */
        public Builder port(int v) { port = v; return this; }
        /** @param v models folder @return this */
        public Builder modelsDir(Path v) { modelsDir = v; return this; }
        /** @param v adapters folder @return this */
        public Builder adaptersDir(Path v) { adaptersDir = v; return this; }
        /** @param v log level @return this */
        public Builder logLevel(String v) { logLevel = v; return this; }
        /** @param v queue capacity @return this */
        public Builder queueCapacity(int v) { queueCapacity = v; return this; }
        /** @param v body limit @return this */
        public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
        /** @param v SSE ping interval @return this */
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        /** @param v shutdown grace @return this */
        public Builder shutdownGrace(Duration v) { shutdownGrace = v; return this; }
        /** @param v whisper model @return this */
        public Builder whisperModel(Optional<Path> v) { whisperModel = v; return this; }
        /** @param v memory budget, 0 = off @return this */
        public Builder maxMemoryBytes(long v) { maxMemoryBytes = v; return this; }
        /** @param v auto-load @return this */
        public Builder autoLoad(boolean v) { autoLoad = v; return this; }
        /** @param v API key @return this */
        public Builder apiKey(Optional<String> v) { apiKey = v; return this; }
        /** @param v prompt cache disk cap @return this */
        public Builder maxKvCacheBytes(long v) { maxKvCacheBytes = v; return this; }
        /** @param v CORS origins @return this */
        public Builder corsOrigins(List<String> v) { corsOrigins = v; return this; }
        /** @param v prompt-cache folder @return this */
        public Builder kvCacheDir(Path v) { kvCacheDir = v; return this; }
        /** @param v threads per generation, 0 = automatic @return this */
        public Builder threads(int v) { threads = v; return this; }
        /** @param v context tokens of loads that name none, 0 = auto @return this */
        public Builder ctxSize(int v) { ctxSize = v; return this; }
        /** @param v KV budget of an automatic context, bytes @return this */
        public Builder kvBudgetBytes(long v) { kvBudgetBytes = v; return this; }
        /** @param v administration key @return this */
        public Builder adminApiKey(Optional<String> v) { adminApiKey = v; return this; }
        /** @param v client timeouts @return this */
        public Builder clientTimeouts(ClientTimeouts v) { clientTimeouts = v; return this; }
        /** @param v the KV cache type of loads that name none @return this */
        public Builder kvCacheType(KvCacheType v) { kvCacheType = v; return this; }
        /** @param v the TLS files, empty for plain HTTP @return this */
        public Builder tls(Optional<TlsFiles> v) { tls = v; return this; }
        /** {@return the client timeouts so far} */
        public ClientTimeouts clientTimeouts() { return clientTimeouts; }

        /** {@return the validated config} */
        public ServerConfig build() {
            return new ServerConfig(address, port, modelsDir, adaptersDir, logLevel, queueCapacity, maxBodyBytes,
                    pingInterval, shutdownGrace, whisperModel, maxMemoryBytes, autoLoad, apiKey, maxKvCacheBytes,
                    corsOrigins, kvCacheDir, threads, ctxSize, kvBudgetBytes, adminApiKey, clientTimeouts, kvCacheType, tls);
        }
    }
}
