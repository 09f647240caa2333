package dev.mlxgguf.server.http;

import dev.mlxgguf.host.protocol.HostStats;
import dev.mlxgguf.host.protocol.JsonTrees;
import dev.mlxgguf.server.models.ModelEntry;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.stats.ProcessMonitor;
import dev.mlxgguf.server.stats.ProcessSample;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Model and process management of the original: list, load, unload, process list.
 * Responses never contain absolute paths.
 */
final class ManagementService implements HttpService {

    private final SlotRegistry slots;
    private final ProcessMonitor monitor;
    private final JsonBodies bodies;

    ManagementService(SlotRegistry slots, ProcessMonitor monitor, JsonBodies bodies) {
        this.slots = slots;
        this.monitor = monitor;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/internal/model/list", this::list)
                .post("/v1/internal/model/load", this::load)
                .post("/v1/internal/model/unload", this::unload)
                .get("/management/processes", this::processes);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder names = Json.createArrayBuilder();
        slots.catalog().list().forEach(m -> names.add(m.name()));
        res.send(Json.createObjectBuilder().add("model_names", names).build());
    }

    private void load(ServerRequest req, ServerResponse res) {
        String slotId = SlotRouter.slotId(req);
        slots.load(slotId, LoadRequestParser.parse(bodies.read(req)));
        res.send(Json.createObjectBuilder().add("load", "success").build());
    }

    private void unload(ServerRequest req, ServerResponse res) {
        slots.unload(SlotRouter.slotId(req));
        res.send(Json.createObjectBuilder().add("unload", "success").build());
    }

    private void processes(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (Slot s : slots.slots()) {
            list.add(process(s));
        }
        res.send(Json.createObjectBuilder().add("processes", list).build());
    }

    private JsonObject process(Slot s) {
        ModelEntry m = s.model();
        long pid = s.host().map(h -> h.pid()).orElse(0L);
        ProcessSample sample = pid == 0 ? new ProcessSample(0, 0, 0) : monitor.sample(pid);
        List<RequestQueue.QueueEntry> queue = s.queue().snapshot();
        boolean busy = s.queue().busy();
        JsonObjectBuilder queues = Json.createObjectBuilder();
        for (RequestQueue.QueueEntry e : queue) {
            queues.add(e.requestId(), Json.createObjectBuilder()
                    .add(e.task(), JsonTrees.toJson(e.params()))
                    .add("start_time", e.startEpochSec()));
        }
        HostStats stats = s.host().map(h -> h.lastStats()).orElse(new HostStats(0, 0, "", 0));
        JsonObjectBuilder b = Json.createObjectBuilder()
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
                .add("current_queue", Json.createObjectBuilder()
                        .add("request_queue_size", s.queue().waitingCount())
                        .add("response_queue_size", busy ? 1 : 0)
                        .add("queues", queues))
                .add("stats", Json.createObjectBuilder()
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
