package dev.mlxgguf.server;

import dev.mlxgguf.server.cache.KvCacheIndex;
import dev.mlxgguf.server.http.InFlightRequests;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.speech.WhisperHost;
import dev.mlxgguf.server.stats.ProcessMonitor;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What the HTTP services of one server share, built once by {@link LlmServer} and handed to {@link Routes}.
 * Every component is thread-safe and owned by the server (closed by it, never by a service).
 *
 * @param config   the settings
 * @param slots    the slot registry
 * @param monitor  process statistics
 * @param cores    the compute-thread budget
 * @param inFlight the in-flight request counter (a filter)
 * @param draining true while the server shuts down
 * @param cache    the prompt-cache index
 * @param whisper  the whisper host, when transcription is enabled
 */
public record ServerContext(ServerConfig config, SlotRegistry slots, ProcessMonitor monitor, CoreBudget cores,
                            InFlightRequests inFlight, BooleanSupplier draining, KvCacheIndex cache,
                            Optional<WhisperHost> whisper) {

    /** Checks that no component is null. */
    public ServerContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(slots, "slots");
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(cores, "cores");
        Objects.requireNonNull(inFlight, "inFlight");
        Objects.requireNonNull(draining, "draining");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(whisper, "whisper");
    }
}
