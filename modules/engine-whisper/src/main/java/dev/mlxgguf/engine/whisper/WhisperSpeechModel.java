package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.SegmentSink;
import dev.mlxgguf.engine.spi.SpeechModel;
import dev.mlxgguf.engine.whisper.audio.AudioDecoder;
import dev.mlxgguf.ggml.CStrings;

/**
 * A whisper model loaded by whisper.cpp. Each transcription decodes its audio ({@link AudioDecoder}), then runs
 * {@code whisper_full} on a fresh state ({@link TranscriptionRun}) with at most the threads the request (or else
 * the load) was given.
 *
 * <p>Threading: one transcription at a time, on the host's model thread (a platform thread: native calls pin it).
 * {@link #close()} frees the model and is idempotent.
 */
final class WhisperSpeechModel implements SpeechModel {

    private final WhisperRuntime runtime;
    private final WhisperContextHandle context;
    private final ModelInfo info;
    private final int loadThreads;
    private final boolean multilingual;

    private WhisperSpeechModel(WhisperRuntime runtime, WhisperContextHandle context, ModelInfo info, int loadThreads,
                               boolean multilingual) {
        this.runtime = runtime;
        this.context = context;
        this.info = info;
        this.loadThreads = loadThreads;
        this.multilingual = multilingual;
    }

    /**
     * Loads a model.
     *
     * @param runtime the whisper.cpp runtime
     * @param header  the model file's header
     * @param spec    what to load
     * @return the model
     */
    static WhisperSpeechModel load(WhisperRuntime runtime, WhisperModelFile header, LoadSpec spec) {
        WhisperContextHandle context = WhisperContextHandle.open(runtime.whisper(), spec.model());
        var w = runtime.whisper();
        String type = CStrings.readOrEmpty(w.whisper_model_type_readable(context.pointer()));
        ModelInfo info = new ModelInfo("whisper", "whisper-" + type, w.whisper_n_text_ctx(context.pointer()),
                header.textCtx(), header.quantization(), header.parameterCount(), w.whisper_n_vocab(context.pointer()),
                false);
        return new WhisperSpeechModel(runtime, context, info, spec.threads(),
                w.whisper_is_multilingual(context.pointer()) != 0);
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public TranscriptionResult transcribe(TranscriptionRequest request, SegmentSink sink) {
        request.language().ifPresent(this::checkLanguage);
        float[] pcm = AudioDecoder.decode(request.audio(), request.maxSamples(), sink::keepGoing);
        if (pcm.length == 0) {
            throw new InvalidRequestException("the audio is empty", "file");
        }
        if (!sink.keepGoing()) {
            throw new RequestCancelledException("transcription cancelled");
        }
        int threads = request.threads() > 0 ? request.threads() : loadThreads;
        threads = Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors()));
        return new TranscriptionRun(runtime, context, request, sink, threads).run(pcm);
    }

    private void checkLanguage(String language) {
        if (runtime.whisper().whisper_lang_id(CStrings.utf8z(language)) < 0) {
            throw new InvalidRequestException("unknown language \"" + language + "\"", "language");
        }
        if (!multilingual && !language.equals("en")) {
            throw new InvalidRequestException("this whisper model knows English only", "language");
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
