package dev.mlxgguf.server;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.server.http.ClientTimeouts;
import dev.mlxgguf.server.http.TlsFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Parses the server's command line (the original's flags plus ours). Pure; throws {@link IllegalArgumentException} on bad input. */
final class CommandLine {

    static final String USAGE = """
            usage: mlx-gguf-server [options]
              -a, --addr ADDRESS         listen address (default 127.0.0.1)
              -p, --port PORT            listen port (default 4000)
                  --models-dir DIR       models folder (default ./models)
                  --adapters-dir DIR     LoRA adapters folder (default ./adapters)
                  --log-level LEVEL      debug | info | warning | error (default info)
                  --queue-size N         requests a model holds (running + waiting) before 429 (default 64)
                  --max-body-mb MB       largest JSON request body; larger ones get 413 (default 32)
                  --header-timeout S     a request's headers must arrive within S seconds (default 10)
                  --body-timeout S       a request body must not pause longer than S seconds (default 30)
                  --idle-timeout S       a kept-alive connection idle this long is closed (default 60)
                  --write-timeout S      a client that reads nothing of its stream for S seconds is cut off
                                         (default 30)
                  --ctx-size N|auto      context of loads that name none (default auto: the model's, capped
                                         so one sequence's KV cache fits --kv-budget-gb, at least 4096)
                  --kv-budget-gb GB      KV cache an automatic context may take (default 1)
                  --kv-cache-type TYPE   f16 | q8_0 | q4_0: how GGUF models store their KV cache (default f16;
                                         q8_0 halves it, q4_0 quarters it; a load's kv_cache_type wins)
                  --threads N            compute threads per generation (default: free cores minus one,
                                         shared by concurrent generations)
                  --enable-whisper       enable /v1/audio/transcriptions (needs --whisper-model)
                  --whisper-model FILE   whisper.cpp model file (enables transcription)
                  --max-memory-gb GB     memory budget for loaded models (default 0 = off)
                  --enable-auto-load     load the model a request names into a free slot (needs a budget)
                  --max-kv-size GB       disk cap of the prompt cache (default 10)
                  --kv-cache-dir DIR     prompt-cache folder, shared by all models (default ./kv-cache)
                  --api-key KEY          require "Authorization: Bearer KEY" (or env MLXGGUF_API_KEY)
                  --api-key-file FILE    the same, read from the first line of FILE
                  --admin-api-key KEY    a second key, the only one that reaches load, unload, /management
                                         and prompt-cache export/import (or env MLXGGUF_ADMIN_API_KEY)
                  --admin-api-key-file FILE  the same, read from the first line of FILE
                  --cors-origins LIST    comma-separated origins allowed by CORS (default none)
                  --tls-cert FILE        serve HTTPS with this PEM certificate chain (needs --tls-key)
                  --tls-key FILE         the PEM private key (PKCS#8 or PKCS#1, not encrypted) of --tls-cert
              -h, --help                 this text
            mlx-gguf-server bench --help     benchmark any OpenAI-compatible server
            """;

    private static final Set<String> LEVELS = Set.of("debug", "info", "warning", "error");
    private static final double GIB = 1024.0 * 1024 * 1024;

    private CommandLine() {
    }

    /**
     * Parses options; {@code --name=value} and {@code --name value} are both accepted.
     *
     * @param args the arguments
     * @param env  environment lookup (for {@code MLXGGUF_API_KEY} and {@code MLXGGUF_ADMIN_API_KEY})
     * @return the configuration
     * @throws IllegalArgumentException naming the bad option
     */
    static ServerConfig parse(List<String> args, java.util.function.Function<String, String> env) {
        ServerConfig.Builder c = ServerConfig.defaults().toBuilder();
        Optional.ofNullable(env.apply("MLXGGUF_API_KEY")).filter(k -> !k.isBlank()).ifPresent(k -> c.apiKey(Optional.of(k)));
        Optional.ofNullable(env.apply("MLXGGUF_ADMIN_API_KEY")).filter(k -> !k.isBlank())
                .ifPresent(k -> c.adminApiKey(Optional.of(k)));
        Optional<Path> tlsCert = Optional.empty();
        Optional<Path> tlsKey = Optional.empty();
        boolean enableWhisper = false;
        Optional<Path> whisper = Optional.empty();
        Deque<String> rest = new ArrayDeque<>(args);
        while (!rest.isEmpty()) {
            String arg = rest.poll();
            int eq = arg.indexOf('=');
            String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            Value v = new Value(name, arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null, rest);
            switch (name) {
                case "-a", "--addr" -> c.address(v.get());
                case "-p", "--port" -> c.port((int) v.number(0, 65535));
                case "--models-dir" -> c.modelsDir(Path.of(v.get()));
                case "--adapters-dir" -> c.adaptersDir(Path.of(v.get()));
                case "--log-level" -> c.logLevel(level(v.get()));
                case "--queue-size" -> c.queueCapacity((int) v.number(1, 100_000));
                case "--ctx-size" -> c.ctxSize(v.peekAuto() ? 0 : (int) v.number(1, 1 << 24));
                case "--kv-budget-gb" -> c.kvBudgetBytes((long) (v.number(0, 1 << 20) * GIB));
                case "--max-body-mb" -> c.maxBodyBytes((long) (v.number(1, 4096) * (1 << 20)));
                case "--header-timeout" -> c.clientTimeouts(c.clientTimeouts().withHeader(seconds(v)));
                case "--body-timeout" -> c.clientTimeouts(c.clientTimeouts().withBody(seconds(v)));
                case "--idle-timeout" -> c.clientTimeouts(c.clientTimeouts().withIdle(seconds(v)));
                case "--write-timeout" -> c.clientTimeouts(c.clientTimeouts().withWrite(seconds(v)));
                case "--kv-cache-type" -> c.kvCacheType(KvCacheType.parse(v.get()));
                case "--threads" -> c.threads((int) v.number(1, 1024));
                case "--enable-whisper" -> enableWhisper = true;
                case "--whisper-model" -> whisper = Optional.of(Path.of(v.get()));
                case "--max-memory-gb" -> c.maxMemoryBytes((long) (v.number(0, 1 << 20) * GIB));
                case "--enable-auto-load" -> c.autoLoad(true);
                case "--max-kv-size" -> c.maxKvCacheBytes((long) (v.number(0, 1 << 20) * GIB));
                case "--kv-cache-dir" -> c.kvCacheDir(Path.of(v.get()));
                case "--api-key" -> c.apiKey(Optional.of(v.get()).filter(k -> !k.isBlank()));
                case "--api-key-file" -> c.apiKey(Optional.of(keyFile(name, v.get())));
                case "--admin-api-key" -> c.adminApiKey(Optional.of(v.get()).filter(k -> !k.isBlank()));
                case "--admin-api-key-file" -> c.adminApiKey(Optional.of(keyFile(name, v.get())));
                case "--cors-origins" -> c.corsOrigins(Arrays.stream(v.get().split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList());
                case "--tls-cert" -> tlsCert = Optional.of(Path.of(v.get()));
                case "--tls-key" -> tlsKey = Optional.of(Path.of(v.get()));
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        c.tls(tlsCert.isPresent() ? Optional.of(new TlsFiles(tlsCert.get(), tlsKey.get())) : Optional.empty());
        if (enableWhisper && whisper.isEmpty()) {
            throw new IllegalArgumentException("--enable-whisper needs --whisper-model FILE");
        }
        return c.whisperModel(whisper).build();
    }

    private static Duration seconds(Value v) {
        return Duration.ofMillis((long) (v.number(0.001, 86_400) * 1000));
    }

    /** Reads a key from a file (its first line, trimmed), so it never shows in the process list. */
    private static String keyFile(String option, String file) {
        String key;
        try {
            key = java.nio.file.Files.readAllLines(Path.of(file)).stream().findFirst().orElse("").strip();
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException(option + ": " + file + " holds no key");
        }
        return key;
    }

    private static String level(String s) {
        String level = s.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new IllegalArgumentException("--log-level must be one of debug, info, warning, error");
        }
        return level;
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

        /** {@return true (and the value consumed) if the value is {@code auto}} */
        boolean peekAuto() {
            String next = inline != null ? inline : rest.peek();
            if ("auto".equals(next)) {
                if (inline == null) {
                    rest.poll();
                }
                return true;
            }
            return false;
        }

        double number(double min, double max) {
            String s = get();
            try {
                double v = Double.parseDouble(s);
                if (v >= min && v <= max) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a number in " + (long) min + ".." + (long) max + ": " + s);
        }
    }
}
