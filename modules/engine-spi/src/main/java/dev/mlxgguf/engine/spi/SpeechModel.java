package dev.mlxgguf.engine.spi;

import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;

/**
 * A speech-to-text model (whisper).
 *
 * <p>Threading: one request at a time. Calls come from one platform thread of the host process (never
 * concurrently); native engines pin that thread for the whole call.
 */
public non-sealed interface SpeechModel extends LoadedModel {

    /**
     * Decodes the request's audio and transcribes it, pushing each segment to {@code sink} as soon as it
     * is final. Blocks until the transcription ends.
     *
     * <p>Cancellation: the engine asks {@link SegmentSink#keepGoing()} often (at least once per
     * decoding step) and stops within one step once it returns false, as it does when
     * {@link SegmentSink#push} returns false.
     *
     * @param request what to transcribe
     * @param sink    receives segments in order on the calling thread
     * @return the whole transcription (the same segments the sink received, plus language, duration and
     *         words)
     * @throws dev.mlxgguf.api.InvalidRequestException   if the audio is not audio, is malformed, empty or
     *                                                  longer than {@link TranscriptionRequest#maxDuration()},
     *                                                  or a parameter is unknown to the model (language)
     * @throws dev.mlxgguf.api.RequestCancelledException if the sink stopped the transcription
     * @throws dev.mlxgguf.api.EngineFailureException   if the engine fails
     */
    TranscriptionResult transcribe(TranscriptionRequest request, SegmentSink sink);
}
