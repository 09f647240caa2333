package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.CacheOptions;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.host.client.HostProcess;
import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.server.cache.KvCacheIndex;
import dev.mlxgguf.server.http.AccessLog;
import dev.mlxgguf.server.http.ClientConnectionWatch;
import dev.mlxgguf.server.http.ErrorResponses;
import dev.mlxgguf.server.http.Futures;
import dev.mlxgguf.server.http.JsonBodies;
import dev.mlxgguf.server.http.JsonFields;
import dev.mlxgguf.server.http.SlotRouter;
import dev.mlxgguf.server.http.SseStream;
import dev.mlxgguf.server.models.CoreBudget;
import dev.mlxgguf.server.models.RequestQueue;
import dev.mlxgguf.server.models.Slot;

import dev.mlxgguf.toolcalls.ReasoningFormat;
import dev.mlxgguf.toolcalls.ToolCallFormat;
import dev.mlxgguf.toolcalls.ToolRequest;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /v1/completions} and {@code POST /v1/chat/completions}: validate, route to a slot, wait
 * in the slot's queue, run the generation in the slot's host, and answer with one JSON response or an
 * SSE stream. A stream is answered as SSE whatever the {@code Accept} header says.
 *
 * <p>A client that hangs up (stream or not; while queued, during prompt processing or generation) is
 * noticed within about {@link ClientConnectionWatch#INTERVAL}: a queued request leaves the queue, a
 * running one is cancelled in its host. Handlers run on virtual threads; each request waits on its own
 * thread, never on the host's.
 */
public final class InferenceService implements HttpService {

    private static final System.Logger LOG = System.getLogger(InferenceService.class.getName());
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(5);
    private static final Duration SLICE = ClientConnectionWatch.INTERVAL;

    private final SlotRouter router;
    private final CoreBudget cores;
    private final JsonBodies bodies;
    private final KvCacheIndex cache;
    private final Duration ping;

    public InferenceService(SlotRouter router, CoreBudget cores, JsonBodies bodies, KvCacheIndex cache, Duration ping) {
        this.router = router;
        this.cores = cores;
        this.bodies = bodies;
        this.cache = cache;
        this.ping = ping;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/completions", (req, res) -> handle(req, res, false))
                .post("/v1/chat/completions", (req, res) -> handle(req, res, true));
    }

    private void handle(ServerRequest req, ServerResponse res, boolean chat) throws InterruptedException {
        JsonObject body = bodies.read(req);
        SlotRouter.Route route = router.route(req, new JsonFields(body).string("model"));
        Slot slot = route.slot();
        AccessLog.annotate(req, slot.model().name(), slot.id());
        InferenceRequest ir = InferenceRequestParser.parse(body, chat, defaults(slot), slot.samplingDefaults());
        Prompt prompt = withThinking(ir.prompt(), route);
        slot.readyHost(); // 503 now rather than after queueing
        Optional<ModelInfo> info = slot.info();
        ToolCallFormat calls = slot.load().toolCallFormat().or(() -> info.flatMap(i -> ToolCallFormat.named(i.toolCallFormat())))
                .orElse(ToolCallFormat.GENERIC);
        ReasoningFormat reasoning = info.map(i -> ReasoningFormat.named(i.reasoningFormat())).orElse(ReasoningFormat.NONE);
        Optional<OutputConstraint> constraint = OutputFormats.withTools(ir.constraint(), ir.tools(), calls);
        Optional<ToolRequest> tools = ir.tools().map(t -> t.in(calls));
        String uuid = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        CompletionJson json = new CompletionJson(chat, (chat ? "chatcmpl-" : "cmpl-") + uuid, now / 1000, slot.model().name());
        try (RequestQueue.Ticket ticket = slot.queue().admit(
                new RequestQueue.QueueEntry(uuid, ir.taskName(), ir.queueParams(), now / 1000.0));
             ClientConnectionWatch.Watch watch = ClientConnectionWatch.watch(req, res)) {
            slot.touch();
            Exchange exchange = new Exchange(slot, ticket, watch, uuid, ir, prompt, constraint, tools, reasoning);
            if (ir.stream()) {
                AccessLog.streamed(req, exchange.stream(res, json));
            } else {
                exchange.respond(res, json);
            }
        }
    }

    private static JsonObject defaults(Slot slot) {
        return slot.load().defaults().isEmpty() ? JsonObject.EMPTY_JSON_OBJECT
                : JsonTrees.toJson(slot.load().defaults()).asJsonObject();
    }

    private static Prompt withThinking(Prompt prompt, SlotRouter.Route route) {
        if (route.enableThinking().isEmpty() || !(prompt instanceof Prompt.Chat c)) {
            return prompt;
        }
        Map<String, Object> kwargs = new LinkedHashMap<>(c.templateKwargs());
        kwargs.put("enable_thinking", route.enableThinking().get());
        return new Prompt.Chat(c.messages(), c.tools(), c.addGenerationPrompt(), kwargs);
    }

    /** The client hung up; nothing can be sent any more. */
    private static final class ClientGone extends Exception {
        private static final long serialVersionUID = 1L;

        ClientGone() {
            super(null, null, false, false);
        }
    }

    /** One request's run through the queue and the host. Used by the request's thread only. */
    private final class Exchange {
        private final Slot slot;
        private final RequestQueue.Ticket ticket;
        private final ClientConnectionWatch.Watch watch;
        private final String uuid;
        private final InferenceRequest ir;
        private final Prompt prompt;
        private final Optional<OutputConstraint> constraint;
        private final Optional<ToolRequest> tools;
        private final ReasoningFormat reasoning;
        private HostProcess host;
        private GenerationEvents events;
        private boolean counted;
        private long lastWriteNanos = System.nanoTime();

        Exchange(Slot slot, RequestQueue.Ticket ticket, ClientConnectionWatch.Watch watch, String uuid,
                 InferenceRequest ir, Prompt prompt, Optional<OutputConstraint> constraint, Optional<ToolRequest> tools,
                 ReasoningFormat reasoning) {
            this.slot = slot;
            this.ticket = ticket;
            this.watch = watch;
            this.uuid = uuid;
            this.ir = ir;
            this.prompt = prompt;
            this.constraint = constraint;
            this.tools = tools;
            this.reasoning = reasoning;
        }

        /** The answer's parser for a chat that needs one (tools, or a model that reasons), else null. */
        private ChatAnswer answer() throws InterruptedException {
            if (!ir.chat() || !ChatAnswer.needed(tools, reasoning)) {
                return null;
            }
            return new ChatAnswer(tools, reasoning, prompt instanceof Prompt.Chat c && reasoning != ReasoningFormat.NONE
                    && reasoning.opens(Futures.await(host.renderChat(c))));
        }

        void respond(ServerResponse res, CompletionJson json) throws InterruptedException {
            try {
                awaitTurn(null);
                ChatAnswer answer = start();
                StringBuilder text = new StringBuilder();
                while (true) {
                    switch (next(null)) {
                        case GenerationEvents.Text t -> text.append(t.text());
                        case GenerationEvents.Done d -> {
                            failIfCancelled(d);
                            if (answer == null) {
                                res.send(json.response(text.toString(), d.result()));
                            } else {
                                answer.push(text.toString());
                                answer.finish();
                                res.send(json.response(answer, d.result()));
                            }
                            return;
                        }
                        case GenerationEvents.Failed f -> throw f.error();
                    }
                }
            } catch (ClientGone | IOException gone) {
                clientGone();
                // Answered deliberately (on a connection that closes), so no path leaves the route unanswered.
                throw new RequestCancelledException("the client closed the connection before the answer");
            } finally {
                end();
            }
        }

        /** {@return bytes sent} */
        long stream(ServerResponse res, CompletionJson json) throws InterruptedException {
            SseStream sse = new SseStream(res);
            try {
                sse.open();
                awaitTurn(sse);
                ChatAnswer answer = start();
                if (ir.chat()) {
                    write(sse, json.roleChunk());
                }
                StringBuilder all = ir.completeText() ? new StringBuilder() : null;
                CompletionJson.TextChunks chunks = json.textChunks();
                while (true) {
                    switch (next(sse)) {
                        case GenerationEvents.Text t -> {
                            if (!t.text().isEmpty()) {
                                if (answer == null) {
                                    write(sse, chunks.of(t.text()));
                                } else {
                                    for (JsonObject delta : answer.push(t.text())) {
                                        write(sse, json.deltaChunk(delta));
                                    }
                                }
                                if (all != null) {
                                    all.append(t.text());
                                }
                            }
                        }
                        case GenerationEvents.Done d -> {
                            failIfCancelled(d);
                            String finish = d.result().finishReason().wireName();
                            if (answer != null) {
                                for (JsonObject delta : answer.finish()) {
                                    write(sse, json.deltaChunk(delta));
                                }
                                finish = answer.finishReason(d.result());
                            }
                            write(sse, json.finalChunk(d.result(), finish, !ir.includeUsage(), all == null ? null : all.toString()));
                            if (ir.includeUsage()) {
                                write(sse, json.usageChunk(d.result()));
                            }
                            sse.done();
                            return sse.written();
                        }
                        case GenerationEvents.Failed f -> {
                            write(sse, ErrorResponses.of(f.error()).body());
                            sse.done();
                            return sse.written();
                        }
                    }
                }
            } catch (LlmException e) {
                try {
                    write(sse, ErrorResponses.of(e).body());
                    sse.done();
                } catch (IOException gone) {
                    clientGone();
                }
            } catch (ClientGone | IOException gone) {
                clientGone();
            } finally {
                end();
                sse.close();
            }
            return sse.written();
        }

        /**
         * Takes note of the cache's work, then: a generation the host ended as cancelled was stopped by the server side (clean-up, unload,
         * shutdown), never by this client: it gets an error, not a {@code "cancelled"} finish reason
         * that OpenAI clients do not know.
         */
        private void failIfCancelled(GenerationEvents.Done d) {
            slot.served();
            cache.record(d.result().cache());
            slot.cacheStats().record(d.result().cache(), ir.useCache());
            if (d.result().finishReason() == dev.mlxgguf.api.FinishReason.CANCELLED) {
                throw ticket.cancellation().orElseGet(() -> new dev.mlxgguf.api.UnavailableException(
                        "the generation was stopped: the model was unloaded or the server is stopping"));
            }
        }

        /** Waits in the queue; streams send keep-alives meanwhile. */
        private void awaitTurn(SseStream sse) throws InterruptedException, ClientGone, IOException {
            while (!ticket.awaitTurn(SLICE)) {
                idle(sse);
            }
        }

        /** The next generation event; between slices checks the client and sends keep-alives. */
        private GenerationEvents.Event next(SseStream sse) throws InterruptedException, ClientGone, IOException {
            while (true) {
                if (watch.gone()) {
                    throw new ClientGone(); // checked per event too: a fast generation never idles
                }
                GenerationEvents.Event e = events.next(SLICE);
                if (e != null) {
                    return e;
                }
                idle(sse);
            }
        }

        private void idle(SseStream sse) throws ClientGone, IOException {
            if (watch.gone()) {
                throw new ClientGone();
            }
            if (sse != null && System.nanoTime() - lastWriteNanos >= ping.toNanos()) {
                sse.comment("ping");
                lastWriteNanos = System.nanoTime();
            }
        }

        private void write(SseStream sse, JsonObject event) throws IOException {
            write(sse, Jsonp.write(event));
        }

        private void write(SseStream sse, String event) throws IOException {
            sse.event(event);
            lastWriteNanos = System.nanoTime();
        }

        /** Starts the generation in the host once it is this request's turn; returns the answer's parser, if any. */
        private ChatAnswer start() throws InterruptedException {
            host = slot.readyHost();
            ChatAnswer answer = answer();
            int threads = cores.starting();
            counted = true;
            events = new GenerationEvents();
            CacheOptions options = new CacheOptions(ir.useCache(), ir.cacheThreshold(), slot.modelKey(),
                    cache.dir().toString());
            host.generate(new GenerationRequest(uuid, prompt, ir.sampling(), ir.maxTokens(), ir.stop(), threads, options,
                            constraint),
                    events);
            return answer;
        }

        private void end() {
            if (counted) {
                counted = false;
                cores.finished();
            }
        }

        /** The client hung up: stop the host's work and wait briefly for it to confirm. */
        private void clientGone() throws InterruptedException {
            LOG.log(Level.DEBUG, "client of " + uuid + " disconnected; cancelling");
            if (host == null) {
                return; // still queued: closing the ticket removes it
            }
            host.cancel(uuid);
            long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                GenerationEvents.Event e = events.next(Duration.ofMillis(100));
                if (e instanceof GenerationEvents.Done || e instanceof GenerationEvents.Failed) {
                    return;
                }
            }
        }
    }
}
