package dev.mlxgguf.host;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.ErrorKind;
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
import dev.mlxgguf.host.protocol.Frame;
import dev.mlxgguf.host.protocol.FrameWriter;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.host.protocol.HostStats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs model work in arrival order on one platform thread: the load, then generations, token counts,
 * chat renders and transcriptions. Owns the loaded model and closes it when stopped.
 */
final class HostWorker implements Runnable {

    private static final System.Logger LOG = System.getLogger(HostWorker.class.getName());

    private final FrameWriter out;
    private final Set<String> cancelled;
    private final BlockingQueue<Frame> work;
    private final AtomicLong tokensGenerated = new AtomicLong();
    private final AtomicLong requestsServed = new AtomicLong();
    private final AtomicLong runningTokens = new AtomicLong();
    private final AtomicReference<String> running = new AtomicReference<>("");
    private volatile boolean stopping;
    private LoadedModel model;

    HostWorker(FrameWriter out, Set<String> cancelled, BlockingQueue<Frame> work) {
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
                Frame frame = work.take();
                try {
                    handle(frame);
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

    private void handle(Frame frame) {
        switch (frame) {
            case Frame.Load l -> load(l.spec());
            case Frame.Generate g -> generate(g.request());
            case Frame.CountTokens c -> answer(c.requestId(), () -> new Frame.Count(c.requestId(), text().countTokens(c.prompt())));
            case Frame.RenderChat r -> answer(r.requestId(), () -> new Frame.Rendered(r.requestId(), text().renderChat(r.chat())));
            case Frame.Transcribe t -> transcribe(t.request());
            default -> { } // Shutdown wakes the loop; nothing else is queued here.
        }
    }

    private void load(HostLoadSpec spec) {
        if (model != null) {
            send(new Frame.Failed(null, ErrorKind.MODEL_LOAD_FAILED, "a model is already loaded", null));
            return;
        }
        long start = System.nanoTime();
        try {
            EngineProvider provider = pick(spec);
            LOG.log(Level.INFO, "loading " + spec.model().getFileName() + " with engine " + provider.name());
            model = provider.load(new LoadSpec(spec.model(), spec.adapter(), spec.contextLength(), spec.chatFormat(),
                    spec.threads()));
            long nanos = System.nanoTime() - start;
            LOG.log(Level.INFO, String.format("loaded in %.0f ms", nanos / 1e6));
            send(new Frame.Loaded(provider.name(), model.info(), nanos));
        } catch (RuntimeException | LinkageError e) {
            Frame.Failed f = HostSession.failure(null, e instanceof LinkageError
                    ? new ModelLoadException("engine could not start: " + e.getMessage(), e) : e);
            send(new Frame.Failed(null, f.kind() == ErrorKind.ENGINE_FAILURE
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
            send(new Frame.Failed(id, ErrorKind.CANCELLED, "request cancelled", null));
            return;
        }
        running.set(id);
        runningTokens.set(0);
        TokenSink sink = new TokenSink() {
            @Override
            public boolean push(TokenChunk chunk) {
                runningTokens.addAndGet(chunk.tokens());
                tokensGenerated.addAndGet(chunk.tokens());
                send(new Frame.Token(id, chunk.text(), chunk.tokens()));
                return keepGoing();
            }

            @Override
            public boolean keepGoing() {
                return !stopping && !cancelled.contains(id);
            }
        };
        try {
            GenerationResult result = text().generate(request, sink);
            send(new Frame.Done(id, result));
        } catch (RuntimeException e) {
            send(HostSession.failure(id, e));
        } finally {
            cancelled.remove(id);
            running.set("");
            requestsServed.incrementAndGet();
        }
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
            send(new Frame.Failed(id, ErrorKind.CANCELLED, "request cancelled", null));
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
        try {
            send(new Frame.Transcribed(id, speech().transcribe(request, sink)));
        } catch (RuntimeException e) {
            send(HostSession.failure(id, e));
        } finally {
            cancelled.remove(id);
            running.set("");
            requestsServed.incrementAndGet();
        }
    }

    private void answer(String id, Supplier<Frame> task) {
        if (cancelled.remove(id)) {
            send(new Frame.Failed(id, ErrorKind.CANCELLED, "request cancelled", null));
            return;
        }
        try {
            send(task.get());
        } catch (RuntimeException e) {
            send(HostSession.failure(id, e));
        }
    }

    private void send(Frame frame) {
        try {
            out.write(frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
