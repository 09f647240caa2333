package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.NotFoundException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.Futures;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.server.http.SlotRouter;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.server.models.SlotRegistry;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;


/** OpenAI's {@code /v1/models} (loaded models) and the original's token count. */
public final class ModelsService implements HttpService {

    private final SlotRegistry slots;
    private final SlotRouter router;
    private final JsonBodies bodies;

    public ModelsService(SlotRegistry slots, SlotRouter router, JsonBodies bodies) {
        this.slots = slots;
        this.router = router;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/v1/models", this::list)
                .get("/v1/models/{id}", this::one)
                .post("/v1/internal/token-count", this::tokenCount)
                .post("/v1/responses/input_tokens", this::inputTokens)
                .post("/responses/input_tokens", this::inputTokens);
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonArrayBuilder data = Jsonp.array();
        for (Slot s : slots.slots()) {
            data.add(model(s));
        }
        res.send(Jsonp.object().add("object", "list").add("data", data).build());
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        Slot s = slots.slotServing(id).orElseThrow(() -> new NotFoundException("model '" + id + "' is not loaded"));
        res.send(model(s));
    }

    private static JsonObject model(Slot s) {
        JsonObjectBuilder b = Jsonp.object()
                .add("id", s.model().name())
                .add("object", "model")
                .add("created", s.created().getEpochSecond())
                .add("owned_by", "organization-owner");
        int context = s.info().map(i -> i.contextLength()).orElse(s.load().contextLength());
        if (context > 0) {
            b.add("context_length", context);
        }
        if (s.kvCacheBytes() > 0) {
            b.add("kv_cache_bytes", s.kvCacheBytes()).add("kv_cache_type", s.load().kvCache().wireName());
        }
        return b.build();
    }

    private void inputTokens(ServerRequest req, ServerResponse res) throws InterruptedException {
        JsonObject body = bodies.read(req);
        Slot slot = router.route(req, new JsonFields(body).string("model")).slot();
        Prompt prompt = ResponsesInput.prompt(body);
        int n = Futures.await(slot.readyHost().countTokens(prompt));
        res.send(Jsonp.object().add("object", "response.input_tokens").add("input_tokens", n).build());
    }

    private void tokenCount(ServerRequest req, ServerResponse res) throws InterruptedException {
        JsonObject body = bodies.read(req);
        Slot slot = router.route(req, new JsonFields(body).string("model")).slot();
        Prompt prompt = InferenceRequestParser.prompt(body);
        int n = Futures.await(slot.readyHost().countTokens(prompt));
        res.send(Jsonp.object().add("length", n).build());
    }

}
