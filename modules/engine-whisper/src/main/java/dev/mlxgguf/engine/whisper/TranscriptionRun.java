package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.EngineFailureException;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;
import dev.mlxgguf.engine.spi.SegmentSink;
import dev.mlxgguf.engine.whisper.jna.GgmlAbortCallback;
import dev.mlxgguf.engine.whisper.jna.WhisperFullParams;
import dev.mlxgguf.engine.whisper.jna.WhisperLibrary;
import dev.mlxgguf.engine.whisper.jna.WhisperNewSegmentCallback;
import dev.mlxgguf.ggml.CStrings;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code whisper_full} call on a fresh {@code whisper_state}: sets the parameters from the request, pushes each
 * new segment to the sink from whisper's new-segment callback, and stops through the abort callback (checked by
 * ggml between graph nodes and by whisper between decoding steps) once the sink says stop.
 *
 * <p>Native memory it hands to whisper (parameters, prompt and language strings, callbacks) is held in fields until
 * {@link #run} returns. Use once, on one platform thread.
 */
final class TranscriptionRun {

    private static final System.Logger LOG = System.getLogger(TranscriptionRun.class.getName());
    private static final int GREEDY = 0;

    private final WhisperRuntime runtime;
    private final WhisperContextHandle context;
    private final TranscriptionRequest request;
    private final SegmentSink sink;
    private final int threads;
    private final List<TranscriptionSegment> segments = new ArrayList<>();
    private final List<TranscriptionWord> words = new ArrayList<>();
    private volatile boolean stopped;
    private SegmentReader reader;
    // Strongly reachable while native code may call or read them.
    private GgmlAbortCallback abortCallback;
    private WhisperNewSegmentCallback segmentCallback;
    private Memory promptMemory;
    private Memory languageMemory;

    TranscriptionRun(WhisperRuntime runtime, WhisperContextHandle context, TranscriptionRequest request, SegmentSink sink,
                     int threads) {
        this.runtime = runtime;
        this.context = context;
        this.request = request;
        this.sink = sink;
        this.threads = threads;
    }

    /**
     * Transcribes.
     *
     * @param pcm mono 16 kHz samples, not empty
     * @return the result
     * @throws RequestCancelledException if the sink stopped it
     * @throws EngineFailureException    if whisper.cpp fails
     */
    TranscriptionResult run(float[] pcm) {
        WhisperLibrary whisper = runtime.whisper();
        Pointer ctx = context.pointer();
        Pointer state = whisper.whisper_init_state(ctx);
        if (state == null) {
            throw new EngineFailureException("whisper_init_state failed (out of memory?)");
        }
        WhisperFullParams.ByValue params = null;
        try {
            double duration = pcm.length / 16000.0;
            reader = new SegmentReader(whisper, ctx, state, duration);
            params = runtime.defaultParams(GREEDY);
            configure(params);
            long start = System.nanoTime();
            int rc = whisper.whisper_full_with_state(ctx, state, params, pcm, pcm.length);
            if (stopped || !sink.keepGoing()) {
                throw new RequestCancelledException("transcription cancelled");
            }
            if (rc != 0) {
                throw new EngineFailureException("whisper_full failed with code " + rc);
            }
            collect(reader.count());
            int lang = whisper.whisper_full_lang_id_from_state(state);
            LOG.log(Level.DEBUG, String.format("transcribed %.2f s of audio in %.0f ms with %d thread(s)", duration,
                    (System.nanoTime() - start) / 1e6, threads));
            return new TranscriptionResult(CStrings.readOrEmpty(whisper.whisper_lang_str(lang)),
                    CStrings.readOrEmpty(whisper.whisper_lang_str_full(lang)), duration, segments, words);
        } finally {
            if (params != null) {
                runtime.free(params);
            }
            whisper.whisper_free_state(state);
        }
    }

    private void configure(WhisperFullParams p) {
        p.n_threads = threads;
        p.print_special = 0;
        p.print_progress = 0;
        p.print_realtime = 0;
        p.print_timestamps = 0;
        p.no_timestamps = 0;
        p.single_segment = 0;
        p.translate = 0;
        p.detect_language = 0;
        p.token_timestamps = (byte) (request.wordTimestamps() ? 1 : 0);
        p.temperature = (float) request.temperature();
        p.temperature_inc = (float) request.temperatureIncrement();
        languageMemory = CStrings.memory(request.language().orElse("auto"));
        p.language = languageMemory;
        if (!request.prompt().isEmpty()) {
            promptMemory = CStrings.memory(request.prompt());
            p.initial_prompt = promptMemory;
        }
        abortCallback = userData -> {
            try {
                return (byte) (stopped || !sink.keepGoing() ? 1 : 0);
            } catch (RuntimeException | Error e) {
                return 1;
            }
        };
        segmentCallback = (c, s, nNew, userData) -> {
            try {
                collect(reader.count());
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "reading a new segment failed: " + e);
                stopped = true;
            }
        };
        p.abort_callback = abortCallback;
        p.abort_callback_user_data = null;
        p.new_segment_callback = segmentCallback;
        p.new_segment_callback_user_data = null;
    }

    /** Reads, records and pushes the segments not seen yet. */
    private void collect(int available) {
        for (int i = segments.size(); i < available; i++) {
            TranscriptionSegment s = reader.segment(i, request.temperature());
            segments.add(s);
            if (request.wordTimestamps()) {
                words.addAll(reader.words(i, s));
            }
            if (!stopped && !sink.push(s)) {
                stopped = true;
            }
        }
    }
}
