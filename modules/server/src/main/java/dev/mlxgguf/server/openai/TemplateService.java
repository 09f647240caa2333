package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.http.Futures;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.server.http.SlotRouter;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.template.ChatTemplates;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

/**
 * {@code POST /apply-template} (llama-server's name) and {@code POST /v1/internal/apply-template}: the
 * prompt text a chat becomes. With {@code chat_template} in the body the server renders that template
 * itself (sandboxed Jinja, no model needed; {@code bos_token}/{@code eos_token} from the body); otherwise
 * the request is routed like a completion and the slot's model renders with its own template.
 */
public final class TemplateService implements HttpService {

    private final SlotRouter router;
    private final JsonBodies bodies;

    public TemplateService(SlotRouter router, JsonBodies bodies) {
        this.router = router;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/apply-template", this::apply).post("/v1/internal/apply-template", this::apply);
    }

    private void apply(ServerRequest req, ServerResponse res) throws InterruptedException {
        JsonObject body = bodies.read(req);
        JsonFields f = new JsonFields(body);
        Prompt.Chat chat = InferenceRequestParser.chat(body);
        String prompt;
        if (f.has("chat_template")) {
            prompt = ChatTemplates.renderInline(f.string("chat_template").orElseThrow(), f.string("bos_token").orElse(""),
                    f.string("eos_token").orElse(""), chat);
        } else {
            Slot slot = router.route(req, f.string("model")).slot();
            prompt = Futures.await(slot.readyHost().renderChat(chat));
        }
        res.send(Jsonp.object().add("prompt", prompt).build());
    }
}
