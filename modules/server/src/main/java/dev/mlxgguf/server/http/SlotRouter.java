package dev.mlxgguf.server.http;

import dev.mlxgguf.api.ModelNotLoadedException;
import dev.mlxgguf.server.models.Slot;
import dev.mlxgguf.server.models.SlotRegistry;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.util.List;
import java.util.Optional;

/**
 * Picks the slot for an inference request (api.md "Model slots and routing"): the {@code X-Model-Id}
 * header; else the slot whose model name equals the body's {@code model} (a {@code -thinking} /
 * {@code -no-thinking} suffix is stripped and sets {@code enable_thinking}); else, with auto-load, that
 * model is loaded into a free slot; else slot {@code "0"}.
 * Thread-safe.
 */
public final class SlotRouter {

    /** The slot header of the original. */
    static final HeaderName MODEL_ID = HeaderNames.create("X-Model-Id");
    /** Slot used when nothing else names one. */
    static final String DEFAULT_SLOT = "0";

    /** Model-name suffixes that switch thinking; the longer one first. */
    private static final List<ThinkingSuffix> SUFFIXES = List.of(new ThinkingSuffix("-no-thinking", false),
            new ThinkingSuffix("-thinking", true));

    private final SlotRegistry slots;
    private final boolean autoLoad;

    private record ThinkingSuffix(String text, boolean thinking) {
    }

    public SlotRouter(SlotRegistry slots, boolean autoLoad) {
        this.slots = slots;
        this.autoLoad = autoLoad;
    }

    /**
     * Where a request goes.
     *
     * @param slot           the slot
     * @param enableThinking thinking switch from a model-name suffix, if any
     */
    public record Route(Slot slot, Optional<Boolean> enableThinking) {
    }

    /**
     * Routes a request.
     *
     * @param req   the HTTP request
     * @param model the body's {@code model} field
     * @return the route
     * @throws ModelNotLoadedException if the chosen slot holds no model
     */
    public Route route(ServerRequest req, Optional<String> model) {
        Optional<String> header = req.headers().first(MODEL_ID);
        if (header.isPresent()) {
            String id = SlotRegistry.checkSlotId(header.get().trim());
            return new Route(loaded(id), Optional.empty());
        }
        if (model.isPresent()) {
            String name = model.get();
            Optional<Slot> exact = slots.slotServing(name);
            if (exact.isPresent()) {
                return new Route(exact.get(), Optional.empty());
            }
            for (ThinkingSuffix suffix : SUFFIXES) {
                if (name.endsWith(suffix.text())) {
                    Optional<Slot> base = slots.slotServing(name.substring(0, name.length() - suffix.text().length()));
                    if (base.isPresent()) {
                        return new Route(base.get(), Optional.of(suffix.thinking()));
                    }
                }
            }
            if (autoLoad) {
                Optional<Route> loaded = autoLoad(name);
                if (loaded.isPresent()) {
                    return loaded.get();
                }
            }
        }
        return new Route(loaded(DEFAULT_SLOT), Optional.empty());
    }

    /**
     * The slot named by the request's header, or the default slot, for endpoints that address a slot
     * directly (load, unload, token count, clean-up).
     *
     * @param req the request
     * @return the slot id
     */
    public static String slotId(ServerRequest req) {
        return SlotRegistry.checkSlotId(req.headers().first(MODEL_ID).map(String::trim).orElse(DEFAULT_SLOT));
    }

    /** Loads the named model (or, with a thinking suffix, its base) if the models folder has it. */
    private Optional<Route> autoLoad(String name) {
        var known = slots.catalog().list().stream().map(m -> m.name()).toList();
        if (known.contains(name)) {
            return Optional.of(new Route(slots.ensureLoaded(name), Optional.empty()));
        }
        for (ThinkingSuffix suffix : SUFFIXES) {
            String base = name.endsWith(suffix.text()) ? name.substring(0, name.length() - suffix.text().length()) : null;
            if (base != null && known.contains(base)) {
                return Optional.of(new Route(slots.ensureLoaded(base), Optional.of(suffix.thinking())));
            }
        }
        return Optional.empty();
    }

    private Slot loaded(String id) {
        return slots.slot(id).orElseThrow(() -> new ModelNotLoadedException("no model is loaded in slot " + id
                + "; load one with POST /v1/internal/model/load"));
    }
}
