package dev.mlxgguf.server.management;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.host.protocol.HostStats;
import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.server.http.SlotRouter;
import dev.mlxgguf.server.models.ModelEntry;
import dev.mlxgguf.server.models.ModelHeader;
import dev.mlxgguf.server.models.ModelHeaders;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.speech.WhisperHost;
import dev.mlxgguf.server.stats.ProcessMonitor;
import dev.mlxgguf.server.stats.ProcessSample;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Model and process management of the original: list, load, unload, process list.
 * Responses never contain absolute paths.
 */
public final class ManagementService implements HttpService {

    private final SlotRegistry slots;
    private final ProcessMonitor monitor;
    private final JsonBodies bodies;
    private final Optional<WhisperHost> whisper;

    public ManagementService(SlotRegistry slots, ProcessMonitor monitor, JsonBodies bodies, Optional<WhisperHost> whisper) {
        this.slots = slots;
        this.monitor = monitor;
        this.bodies = bodies;
        this.whisper = whisper;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/internal/model/list", this::list)
                .get("/v1/internal/model/info/{name}", this::info)
                .get("/v1/internal/adapter/list", this::adapters)
                .post("/v1/internal/model/load", this::load)
                .post("/v1/internal/model/unload", this::unload)
                .get("/management/processes", this::processes)
                .post("/management/process/clean-up", this::cleanUp)
                .post("/management/process/restart", this::restart);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder names = Jsonp.array();
        slots.catalog().list().forEach(m -> names.add(m.name()));
        res.send(Jsonp.object().add("model_names", names).build());
    }

    private void info(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        ModelEntry m = slots.catalog().resolve(name, "model_name");
        ModelHeader h = ModelHeaders.read(m);
        Optional<Slot> loaded = slots.slotServing(m.name());
        JsonObjectBuilder b = Jsonp.object()
                .add("model_name", m.name())
                .add("model_path", slots.catalog().root().getFileName() + "/" + m.name())
                .add("model_type", m.format().wireName())
                .add("file_size_bytes", m.sizeBytes())
                .add("file_size_gb", Math.round(m.sizeBytes() / 1e7) / 100.0)
                .add("is_loaded", loaded.isPresent());
        loaded.ifPresent(s -> b.add("loaded_model_id", s.id()));
        int context = loaded.flatMap(Slot::info).map(i -> i.contextLength()).orElse(h.contextLength());
        if (context > 0) {
            b.add("context_length", context);
            KvCacheType type = loaded.map(s -> s.load().kvCache()).orElse(KvCacheType.F16);
            long kv = h.kvCacheBytes(context, type);
            if (kv > 0) {
                b.add("kv_cache_bytes", kv); // one sequence's keys and values at this context
                b.add("kv_cache_type", type.wireName());
            }
        }
        String arch = loaded.flatMap(Slot::info).map(i -> i.architecture()).orElse(h.architecture());
        if (!arch.isEmpty()) {
            b.add("architecture", arch);
        }
        loaded.flatMap(Slot::info).ifPresent(i -> b.add("quantization", i.quantization()));
        if (h.layers() > 0) {
            b.add("num_layers", h.layers());
        }
        res.send(b.build());
    }

    private void adapters(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder list = Jsonp.array();
        slots.adapters().list().forEach(a -> list.add(Jsonp.object().add("name", a.name())));
        res.send(Jsonp.object().add("adapters", list).build());
    }

    private void cleanUp(ServerRequest req, ServerResponse res) {
        String slotId = SlotRouter.slotId(req);
        JsonFields f = new JsonFields(bodies.read(req));
        double timeout = f.number("timeout", 0, 1e9).orElseThrow(
                () -> new dev.mlxgguf.api.InvalidRequestException("timeout (seconds) is required", "timeout"));
        Slot slot = slots.slot(slotId).orElseThrow(() -> new dev.mlxgguf.api.NotFoundException("slot " + slotId
                + " holds no model"));
        Duration age = Duration.ofMillis((long) (timeout * 1000));
        var error = new dev.mlxgguf.api.RequestCancelledException("request removed by an administrator's clean-up");
        slot.queue().dropWaitingOlderThan(age, error);
        slot.queue().cancelRunningOlderThan(age, error)
                .ifPresent(id -> slot.host().ifPresent(h -> h.cancel(id)));
        res.send(Jsonp.object().add("process_clean_up", "success").build());
    }

    private void restart(ServerRequest req, ServerResponse res) {
        slots.restartNow(SlotRouter.slotId(req));
        res.send(Jsonp.object().add("process_restart", "success").build());
    }

    private void load(ServerRequest req, ServerResponse res) {
        String slotId = SlotRouter.slotId(req);
        slots.load(slotId, LoadRequestParser.parse(bodies.read(req)));
        res.send(Jsonp.object().add("load", "success").build());
    }

    private void unload(ServerRequest req, ServerResponse res) {
        slots.unload(SlotRouter.slotId(req));
        res.send(Jsonp.object().add("unload", "success").build());
    }

    private void processes(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder list = Jsonp.array();
        for (Slot s : slots.slots()) {
            list.add(process(s));
        }
        whisper.ifPresent(w -> list.add(whisperProcess(w)));
        res.send(Jsonp.object().add("processes", list).build());
    }

    private JsonObject whisperProcess(WhisperHost w) {
        long pid = w.pid().orElse(0L);
        if (pid != 0) {
            monitor.watch(pid); // idempotent; the whisper host restarts on its own, so it is watched on sight
        }
        ProcessSample sample = pid == 0 ? new ProcessSample(0, 0, 0) : monitor.sample(pid);
        return Jsonp.object()
                .add("model_id", "whisper")
                .add("model_name", w.modelName())
                .add("model_type", "whisper")
                .add("process_id", pid)
                .add("cpu_usage", Math.round(sample.cpuPercent() * 10) / 10.0)
                .add("memory_usage", sample.rssBytes())
                .add("state", w.state().name().toLowerCase(java.util.Locale.ROOT))
                .add("current_queue", Jsonp.object()
                        .add("request_queue_size", w.queue().waitingCount())
                        .add("response_queue_size", w.queue().busy() ? 1 : 0))
                .build();
    }

    private JsonObject process(Slot s) {
        ModelEntry m = s.model();
        // a dead host (crashed, failed) has no pid to show: its exit reason is in last_error
        long pid = s.host().filter(h -> h.isAlive()).map(h -> h.pid()).orElse(0L);
        ProcessSample sample = pid == 0 ? new ProcessSample(0, 0, 0) : monitor.sample(pid);
        List<RequestQueue.QueueEntry> queue = s.queue().snapshot();
        boolean busy = s.queue().busy();
        JsonObjectBuilder queues = Jsonp.object();
        for (RequestQueue.QueueEntry e : queue) {
            queues.add(e.requestId(), Jsonp.object()
                    .add(e.task(), JsonTrees.toJson(e.params()))
                    .add("start_time", e.startEpochSec()));
        }
        HostStats stats = s.host().map(h -> h.lastStats()).orElse(new HostStats(0, 0, "", 0));
        JsonObjectBuilder b = Jsonp.object()
                .add("model_id", s.id())
                .add("model_name", m.name())
                .add("model_path", slots.catalog().root().getFileName() + "/" + m.name())
                .add("model_type", m.format().wireName())
                .add("context_length", s.info().map(i -> i.contextLength()).orElse(0))
                .add("process_id", pid)
                .add("cpu_usage", Math.round(sample.cpuPercent() * 10) / 10.0)
                .add("memory_usage", sample.rssBytes())
                .add("state", busy && s.state() == dev.mlxgguf.server.models.SlotState.READY ? "busy" : s.state().wireName())
                .add("uptime_s", Duration.between(s.created(), Instant.now()).toSeconds())
                .add("current_queue", Jsonp.object()
                        .add("request_queue_size", s.queue().waitingCount())
                        .add("response_queue_size", busy ? 1 : 0)
                        .add("queues", queues))
                .add("kv_cache", Jsonp.object()
                        .add("memory_hits", s.cacheStats().memoryHits())
                        .add("disk_hits", s.cacheStats().diskHits())
                        .add("misses", s.cacheStats().misses())
                        .add("reused_tokens", s.cacheStats().reusedTokens())
                        .add("saved_bytes", s.cacheStats().savedBytes()))
                .add("stats", Jsonp.object()
                        .add("tokens_generated", stats.tokensGenerated())
                        .add("requests_served", stats.requestsServed())
                        .add("running_tokens", stats.runningTokens()));
        s.load().adapterName().ifPresent(a -> b.add("adapter_name", a));
        s.info().ifPresent(i -> b.add("architecture", i.architecture()).add("quantization", i.quantization()));
        if (!s.lastError().isEmpty()) {
            b.add("last_error", s.lastError());
        }
        return b.build();
    }

}
