package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;

import java.util.Objects;

/**
 * A message between the server and a host process. Every request-scoped frame carries the request id
 * that the parent chose; the child answers each request with exactly one terminal frame
 * ({@link Done}, {@link Count}, {@link Rendered}, {@link Transcribed} or {@link Failed}).
 */
public sealed interface Frame {

    /**
     * Parent → child, first frame: load a model.
     *
     * @param spec what to load
     */
    record Load(HostLoadSpec spec) implements Frame {
        /** Validates. */
        public Load {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /**
     * Child → parent: the model is loaded and requests may follow.
     *
     * @param engine    the engine that loaded it
     * @param info      facts about the model
     * @param loadNanos time the load took
     */
    record Loaded(String engine, ModelInfo info, long loadNanos) implements Frame {
        /** Validates. */
        public Loaded {
            Objects.requireNonNull(engine, "engine");
            Objects.requireNonNull(info, "info");
        }
    }

    /**
     * Parent → child: run a generation; answered by {@link Token}s then {@link Done} or {@link Failed}.
     *
     * @param request the generation (its id is the request id)
     */
    record Generate(GenerationRequest request) implements Frame {
        /** Validates. */
        public Generate {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Child → parent: generated text.
     *
     * @param requestId the request
     * @param text      whole characters
     * @param tokens    tokens this text completes
     */
    record Token(String requestId, String text, int tokens) implements Frame {
        /** Validates. */
        public Token {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Child → parent: a generation ended.
     *
     * @param requestId the request
     * @param result    how it ended
     */
    record Done(String requestId, GenerationResult result) implements Frame {
        /** Validates. */
        public Done {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Parent → child: count the tokens of a prompt; answered by {@link Count} or {@link Failed}.
     *
     * @param requestId the request
     * @param prompt    the prompt
     */
    record CountTokens(String requestId, Prompt prompt) implements Frame {
        /** Validates. */
        public CountTokens {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    /**
     * Child → parent: a token count.
     *
     * @param requestId the request
     * @param count     tokens
     */
    record Count(String requestId, int count) implements Frame {
        /** Validates. */
        public Count {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /**
     * Parent → child: render a chat with the model's template; answered by {@link Rendered} or {@link Failed}.
     *
     * @param requestId the request
     * @param chat      the chat
     */
    record RenderChat(String requestId, Prompt.Chat chat) implements Frame {
        /** Validates. */
        public RenderChat {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(chat, "chat");
        }
    }

    /**
     * Child → parent: a rendered chat.
     *
     * @param requestId the request
     * @param text      the prompt text
     */
    record Rendered(String requestId, String text) implements Frame {
        /** Validates. */
        public Rendered {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Parent → child: transcribe audio with a speech model; answered by {@link Transcribed} or {@link Failed}.
     * The audio file, if any, belongs to the parent, which deletes it after the terminal frame.
     *
     * @param request the transcription (its id is the request id)
     */
    record Transcribe(TranscriptionRequest request) implements Frame {
        /** Validates. */
        public Transcribe {
            Objects.requireNonNull(request, "request");
        }
    }

    /**
     * Child → parent: a finished transcription.
     *
     * @param requestId the request
     * @param result    the transcription
     */
    record Transcribed(String requestId, TranscriptionResult result) implements Frame {
        /** Validates. */
        public Transcribed {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(result, "result");
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
    record Failed(String requestId, ErrorKind kind, String message, String param) implements Frame {
        /** Validates. */
        public Failed {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Parent → child: stop a queued or running request; the child still answers it with a terminal frame.
     *
     * @param requestId the request
     */
    record Cancel(String requestId) implements Frame {
        /** Validates. */
        public Cancel {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /**
     * Parent → child: liveness probe, answered at once by {@link Pong} even while a request runs.
     *
     * @param seq sequence number echoed back
     */
    record Ping(long seq) implements Frame {
    }

    /**
     * Child → parent: liveness answer with counters.
     *
     * @param seq   the ping's sequence number
     * @param stats the host's counters
     */
    record Pong(long seq, HostStats stats) implements Frame {
        /** Validates. */
        public Pong {
            Objects.requireNonNull(stats, "stats");
        }
    }

    /** Parent → child: release the model and exit. */
    record Shutdown() implements Frame {
    }
}
