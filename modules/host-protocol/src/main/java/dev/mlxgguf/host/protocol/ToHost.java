package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.speech.TranscriptionRequest;

import java.util.Objects;

/**
 * Frames from the server to a host process. Request-scoped frames carry the request id the server chose; the
 * host answers each request with exactly one terminal {@link FromHost} frame.
 */
public sealed interface ToHost extends Frame {

    /**
     * The frames that are model work, run in arrival order on the host's worker thread; the others
     * ({@link Cancel}, {@link Ping}, {@link Shutdown}) are handled at once by the frame reader.
     */
    sealed interface Work extends ToHost {
    }

    /**
     * Parent → child, first frame: load a model.
     *
     * @param spec what to load
     */
    record Load(HostLoadSpec spec) implements Work {
        /** Envelope tag. */
        public static final int TAG = 1;

        /** Checks that no required component is null. */
        public Load {
            Objects.requireNonNull(spec, "spec");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Parent → child: run a generation; answered by {@link FromHost.Token}s then {@link FromHost.Done} or {@link FromHost.Failed}.
     *
     * @param request the generation (its id is the request id)
     */
    record Generate(GenerationRequest request) implements Work {
        /** Envelope tag. */
        public static final int TAG = 3;

        /** Checks that no required component is null. */
        public Generate {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Parent → child: count the tokens of a prompt; answered by {@link FromHost.Count} or {@link FromHost.Failed}.
     *
     * @param requestId the request
     * @param prompt    the prompt
     */
    record CountTokens(String requestId, Prompt prompt) implements Work {
        /** Envelope tag. */
        public static final int TAG = 6;

        /** Checks that no required component is null. */
        public CountTokens {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(prompt, "prompt");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Parent → child: render a chat with the model's template; answered by {@link FromHost.Rendered} or {@link FromHost.Failed}.
     *
     * @param requestId the request
     * @param chat      the chat
     */
    record RenderChat(String requestId, Prompt.Chat chat) implements Work {
        /** Envelope tag. */
        public static final int TAG = 8;

        /** Checks that no required component is null. */
        public RenderChat {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(chat, "chat");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Parent → child: transcribe audio with a speech model; answered by {@link FromHost.Transcribed} or {@link FromHost.Failed}.
     * The audio file, if any, belongs to the parent, which deletes it after the terminal frame.
     *
     * @param request the transcription (its id is the request id)
     */
    record Transcribe(TranscriptionRequest request) implements Work {
        /** Envelope tag. */
        public static final int TAG = 15;

        /** Checks that no required component is null. */
        public Transcribe {
            Objects.requireNonNull(request, "request");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Parent → child: stop a queued or running request; the child still answers it with a terminal frame.
     *
     * @param requestId the request
     */
    record Cancel(String requestId) implements ToHost {
        /** Envelope tag. */
        public static final int TAG = 11;

        /** Checks that no required component is null. */
        public Cancel {
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public int tag() {
            return TAG;
        }
    }

    /**
     * Parent → child: liveness probe, answered at once by {@link FromHost.Pong} even while a request runs.
     *
     * @param seq sequence number echoed back
     */
    record Ping(long seq) implements ToHost {
        /** Envelope tag. */
        public static final int TAG = 12;

        @Override
        public int tag() {
            return TAG;
        }
    }

    /** Parent → child: release the model and exit. */
    record Shutdown() implements ToHost {
        /** Envelope tag. */
        public static final int TAG = 14;

        @Override
        public int tag() {
            return TAG;
        }
    }
}
