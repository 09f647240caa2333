package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.speech.TranscriptionResult;

import java.util.Objects;

/**
 * Frames from a host process to the server. Each request gets exactly one terminal frame ({@link Done},
 * {@link Count}, {@link Rendered}, {@link Transcribed} or {@link Failed}); {@link Token}s precede a
 * {@code Done} and travel with a compact binary body.
 */
public sealed interface FromHost extends Frame {

    /**
     * Child → parent: the model is loaded and requests may follow.
     *
     * @param engine           the engine that loaded it
     * @param info             facts about the model
     * @param samplingDefaults the sampling values requests get for fields they leave out
     * @param loadNanos        time the load took
     */
    record Loaded(String engine, ModelInfo info, SamplingParams samplingDefaults, long loadNanos) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 2;

        /** Checks that no required component is null. */
        public Loaded {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(samplingDefaults, "samplingDefaults");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: generated text.
     *
     * @param requestId the request
     * @param text      whole characters
     * @param tokens    tokens this text completes
     */
    record Token(String requestId, String text, int tokens) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 4;

        /** Checks that no required component is null. */
        public Token {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: a generation ended.
     *
     * @param requestId the request
     * @param result    how it ended
     */
    record Done(String requestId, GenerationResult result) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 5;

        /** Checks that no required component is null. */
        public Done {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: a token count.
     *
     * @param requestId the request
     * @param count     tokens
     */
    record Count(String requestId, int count) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 7;

        /** Checks that no required component is null. */
        public Count {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: a rendered chat.
     *
     * @param requestId the request
     * @param text      the prompt text
     */
    record Rendered(String requestId, String text) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 9;

        /** Checks that no required component is null. */
        public Rendered {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: a finished transcription.
     *
     * @param requestId the request
     * @param result    the transcription
     */
    record Transcribed(String requestId, TranscriptionResult result) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 16;

        /** Checks that no required component is null. */
        public Transcribed {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(result, "result");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: a request (or, with a null id, the load) failed.
     *
     * @param requestId the request, or {@code null} for the load
     * @param kind      the failure kind
     * @param message   client-safe message
     * @param param     offending request field for {@link ErrorKind#INVALID_REQUEST}, or null
     */
    record Failed(String requestId, ErrorKind kind, String message, String param) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 10;

        /** Checks that no required component is null. */
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Child → parent: liveness answer with counters.
     *
     * @param seq   the ping's sequence number
     * @param stats the host's counters
     */
    record Pong(long seq, HostStats stats) implements FromHost {
        /** Envelope tag. */
        public static final int TAG = 13;

        /** Checks that no required component is null. */
        public Pong {
            Objects.requireNonNull(stats, "stats");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }
}
