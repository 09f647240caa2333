package dev.mlxgguf.host;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.TokenChunk;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.engine.spi.EngineProvider;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LoadedModel;
import dev.mlxgguf.engine.spi.SegmentSink;
import dev.mlxgguf.engine.spi.SpeechModel;
import dev.mlxgguf.engine.spi.TextModel;
import dev.mlxgguf.engine.spi.TokenSink;
import dev.mlxgguf.host.protocol.FrameWriter;
import dev.mlxgguf.host.protocol.FromHost;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.host.protocol.HostStats;
import dev.mlxgguf.host.protocol.ToHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs model work ({@link ToHost.Work}) in arrival order on one platform thread, until it takes an empty
 * element from its queue: the load, then generations, token counts,
 * chat renders and transcriptions. Owns the loaded model and closes it when stopped.
 */
final class HostWorker implements Runnable {

    private static final System.Logger LOG = System.getLogger(HostWorker.class.getName());

    private final FrameWriter out;
    private final Set<String> cancelled;
    private final BlockingQueue<Optional<ToHost.Work>> work;
    private final AtomicLong tokensGenerated = new AtomicLong();
    private final AtomicLong requestsServed = new AtomicLong();
    private final AtomicLong runningTokens = new AtomicLong();
    private final AtomicReference<String> running = new AtomicReference<>("");
    private volatile boolean stopping;
    private LoadedModel model;

    HostWorker(FrameWriter out, Set<String> cancelled, BlockingQueue<Optional<ToHost.Work>> work) {
        this.out = out;
        this.cancelled = cancelled;
        this.work = work;
    }

    /** Asks the worker to stop; a running generation stops at its next token. Thread-safe. */
    void stop() {
        stopping = true;
    }

    /** {@return the current counters} Thread-safe. */
    HostStats stats() {
        return new HostStats(tokensGenerated.get(), requestsServed.get(), running.get(), runningTokens.get());
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                Optional<ToHost.Work> next = work.take();
                if (next.isEmpty()) {
                    break;
                }
                try {
                    handle(next.get());
                } catch (UncheckedIOException e) {
                    LOG.log(Level.ERROR, "parent stream failed: " + e.getCause());
                    stopping = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (model != null) {
                model.close();
            }
        }
    }

    private void handle(ToHost.Work frame) {
        switch (frame) {
            case ToHost.Load l -> load(l.spec());
            case ToHost.Generate g -> generate(g.request());
            case ToHost.CountTokens c -> answer(c.requestId(), () -> new FromHost.Count(c.requestId(), text().countTokens(c.prompt())));
            case ToHost.RenderChat r -> answer(r.requestId(), () -> new FromHost.Rendered(r.requestId(), text().renderChat(r.chat())));
            case ToHost.Transcribe t -> transcribe(t.request());
        }
    }

    private void load(HostLoadSpec spec) {
        if (model != null) {
            send(new FromHost.Failed(null, ErrorKind.MODEL_LOAD_FAILED, "a model is already loaded", null));
            return;
        }
        long start = System.nanoTime();
        try {
            EngineProvider provider = pick(spec);
            LOG.log(Level.INFO, "loading " + spec.model().getFileName() + " with engine " + provider.name());
            model = provider.load(new LoadSpec(spec.model(), spec.adapter(), spec.contextLength(), spec.chatFormat(),
                    spec.threads(), spec.kvCacheType()));
            long nanos = System.nanoTime() - start;
            LOG.log(Level.INFO, String.format("loaded in %.0f ms", nanos / 1e6));
            SamplingParams defaults = model instanceof TextModel t ? t.samplingDefaults() : SamplingParams.defaults();
            send(new FromHost.Loaded(provider.name(), model.info(), defaults, nanos));
        } catch (RuntimeException | LinkageError e) {
            FromHost.Failed f = HostSession.failure(null, e instanceof LinkageError
                    ? new ModelLoadException("engine could not start: " + e.getMessage(), e) : e);
            send(new FromHost.Failed(null, f.kind() == ErrorKind.ENGINE_FAILURE
                    ? ErrorKind.MODEL_LOAD_FAILED : f.kind(), f.message(), f.param()));
        }
    }

    private static EngineProvider pick(HostLoadSpec spec) {
        List<EngineProvider> providers = ServiceLoader.load(EngineProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();
        for (EngineProvider p : providers) {
            boolean named = spec.engine().map(p.name()::equals).orElse(true);
            if (named && p.supports(spec.model())) {
                return p;
            }
        }
        throw new ModelLoadException("no engine supports " + spec.model().getFileName()
                + spec.engine().map(e -> " with engine " + e).orElse("")
                + " (engines: " + providers.stream().map(EngineProvider::name).toList() + ")");
    }

    private TextModel text() {
        if (model instanceof TextModel t) {
            return t;
        }
        throw new ModelLoadException(model == null ? "no model loaded" : "the loaded model does not generate text");
    }

    private void generate(GenerationRequest request) {
        String id = request.id();
        if (cancelled.remove(id) || stopping) {
            send(new FromHost.Failed(id, ErrorKind.CANCELLED, "request cancelled", null));
            return;
        }
        running.set(id);
        runningTokens.set(0);
        TokenSink sink = new TokenSink() {
            @Override
            public boolean push(TokenChunk chunk) {
                runningTokens.addAndGet(chunk.tokens());
                tokensGenerated.addAndGet(chunk.tokens());
                send(new FromHost.Token(id, chunk.text(), chunk.tokens()));
                return keepGoing();
            }

            @Override
            public boolean keepGoing() {
                return !stopping && !cancelled.contains(id);
            }
        };
        FromHost reply;
        try {
            reply = new FromHost.Done(id, text().generate(request, sink));
        } catch (RuntimeException e) {
            reply = HostSession.failure(id, e);
        } finally {
            cancelled.remove(id);
            running.set("");
            requestsServed.incrementAndGet();
        }
        send(reply); // after the counters, so that a ping answered after the reply counts this request
    }

    private SpeechModel speech() {
        if (model instanceof SpeechModel s) {
            return s;
        }
        throw new ModelLoadException(model == null ? "no model loaded" : "the loaded model does not transcribe speech");
    }

    private void transcribe(TranscriptionRequest request) {
        String id = request.id();
        if (cancelled.remove(id) || stopping) {
            send(new FromHost.Failed(id, ErrorKind.CANCELLED, "request cancelled", null));
            return;
        }
        running.set(id);
        runningTokens.set(0);
        SegmentSink sink = new SegmentSink() {
            @Override
            public boolean push(TranscriptionSegment segment) {
                runningTokens.addAndGet(segment.tokens().size());
                tokensGenerated.addAndGet(segment.tokens().size());
                return keepGoing();
            }

            @Override
            public boolean keepGoing() {
                return !stopping && !cancelled.contains(id);
            }
        };
        FromHost reply;
        try {
            reply = new FromHost.Transcribed(id, speech().transcribe(request, sink));
        } catch (RuntimeException e) {
            reply = HostSession.failure(id, e);
        } finally {
            cancelled.remove(id);
            running.set("");
            requestsServed.incrementAndGet();
        }
        send(reply);
    }

    private void answer(String id, Supplier<FromHost> task) {
        if (cancelled.remove(id)) {
            send(new FromHost.Failed(id, ErrorKind.CANCELLED, "request cancelled", null));
            return;
        }
        try {
            send(task.get());
        } catch (RuntimeException e) {
            send(HostSession.failure(id, e));
        }
    }

    private void send(FromHost frame) {
        try {
            out.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
