package dev.mlxgguf.engine.spi;

import dev.mlxgguf.api.speech.TranscriptionSegment;

/**
 * Receives transcription segments from a {@link SpeechModel}.
 *
 * <p>Contract: segments arrive in time order, on the transcribing thread, never concurrently; a sink never
 * throws (it reports trouble by returning {@code false}, which stops the transcription).
 */
@FunctionalInterface
public interface SegmentSink {

    /** A sink that takes every segment and never cancels. */
    SegmentSink IGNORE = segment -> true;

    /**
     * Takes the next final segment.
     *
     * @param segment the segment
     * @return true to continue, false to stop transcribing
     */
    boolean push(TranscriptionSegment segment);

    /**
     * Asked often while the engine computes (native code calls it between graph nodes), so it must be
     * cheap: read a flag, never block. The default never cancels.
     *
     * @return true to continue, false to stop transcribing
     */
    default boolean keepGoing() {
        return true;
    }
}
