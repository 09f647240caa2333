package dev.mlxgguf.server.management;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelNotLoadedException;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.cache.KvCacheIndex;
import dev.mlxgguf.server.http.HeaderParams;
import dev.mlxgguf.server.http.LimitedBody;
import dev.mlxgguf.server.http.RequestConnection;
import dev.mlxgguf.server.http.SlotRouter;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.server.models.SlotRegistry;
import dev.mlxgguf.server.speech.MultipartReader;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Moves prompt-cache states between servers: {@code GET /v1/internal/model/kv_cache/export/{id}} streams
 * a state file; {@code POST /v1/internal/model/kv_cache/import} (multipart {@code file}) stores one for
 * the model of the slot {@code X-Model-Id} under a new server-made id. Ids are UUIDs, never paths; an
 * import is size-limited, format-checked and refused (400) when it belongs to another model.
 */
public final class KvCacheService implements HttpService {

    private final SlotRegistry slots;
    private final KvCacheIndex cache;
    private final long maxBytes;

    public KvCacheService(SlotRegistry slots, KvCacheIndex cache, long maxBytes) {
        this.slots = slots;
        this.cache = cache;
        this.maxBytes = maxBytes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/internal/model/kv_cache/export/{id}", this::export)
                .post("/v1/internal/model/kv_cache/import", this::importState);
    }

    private void export(ServerRequest req, ServerResponse res) throws IOException {
        String id = req.path().pathParameters().get("id");
        var entry = cache.entries().stream().filter(e -> e.id().equals(id)).findFirst();
        if (entry.isPresent()) {
            res.header(HeaderNames.CONTENT_LENGTH, Long.toString(entry.get().bytes()));
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=" + id + ".kv");
        try (OutputStream out = res.outputStream()) {
            cache.export(id, out);
        }
    }

    private void importState(ServerRequest req, ServerResponse res) throws IOException {
        String slotId = SlotRouter.slotId(req);
        Slot slot = slots.slot(slotId).orElseThrow(() -> new ModelNotLoadedException("no model is loaded in slot " + slotId));
        String type = req.headers().contentType().map(t -> t.text()).orElse("");
        String boundary = HeaderParams.parse(type).get("boundary");
        if (!type.startsWith("multipart/form-data") || boundary == null) {
            throw new InvalidRequestException("send the state as multipart/form-data with a 'file' part", "file");
        }
        try (InputStream body = new LimitedBody(RequestConnection.timed(req.content().inputStream()), maxBytes + 64 * 1024)) {
            MultipartReader form = new MultipartReader(body, boundary);
            Optional<MultipartReader.Part> part;
            while ((part = form.next()).isPresent()) {
                if (part.get().name().equals("file")) {
                    String id = cache.importState(out -> form.copyBody(out, maxBytes), slot.modelKey());
                    res.send(Jsonp.object().add("id", id).add("model", slot.model().name()).build());
                    return;
                }
            }
        }
        throw new InvalidRequestException("the form has no 'file' part", "file");
    }
}
