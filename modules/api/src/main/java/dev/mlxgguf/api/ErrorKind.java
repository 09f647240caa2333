package dev.mlxgguf.api;

/**
 * The kind of a failure, as carried across the process boundary and mapped to HTTP by the server.
 * One constant per final subclass of {@link LlmException}.
 */
public enum ErrorKind {
    /** The request is malformed or a parameter is out of range. */
    INVALID_REQUEST,
    /** The prompt does not fit the model's context. */
    CONTEXT_LENGTH_EXCEEDED,
    /** A named model, adapter, slot or cache entry does not exist. */
    NOT_FOUND,
    /** The addressed slot holds no model. */
    MODEL_NOT_LOADED,
    /** The slot is occupied or the model is already loaded. */
    CONFLICT,
    /** The slot's queue is full. */
    OVERLOADED,
    /** The engine could not load the model. */
    MODEL_LOAD_FAILED,
    /** The engine failed while serving a request. */
    ENGINE_FAILURE,
    /** The model is loading, restarting, failed, unloading, or the server is shutting down. */
    UNAVAILABLE,
    /** The model's host process died. */
    HOST_CRASHED,
    /** The request was cancelled by an administrator or a timeout. */
    CANCELLED;

    /**
     * Rebuilds the exception for this kind, e.g. on the parent side of a host process.
     *
     * @param message the failure message
     * @param param   the offending request field for {@link #INVALID_REQUEST} and {@link #CONTEXT_LENGTH_EXCEEDED},
     *                else ignored; may be null
     * @return a new exception of the subclass that corresponds to this kind
     */
    public LlmException toException(String message, String param) {
        return switch (this) {
            case INVALID_REQUEST -> new InvalidRequestException(message, param);
            case CONTEXT_LENGTH_EXCEEDED -> new ContextLengthExceededException(message, param);
            case NOT_FOUND -> new NotFoundException(message);
            case MODEL_NOT_LOADED -> new ModelNotLoadedException(message);
            case CONFLICT -> new ConflictException(message);
            case OVERLOADED -> new OverloadedException(message, 1);
            case MODEL_LOAD_FAILED -> new ModelLoadException(message);
            case ENGINE_FAILURE -> new EngineFailureException(message);
            case UNAVAILABLE -> new UnavailableException(message);
            case HOST_CRASHED -> new HostCrashedException(message);
            case CANCELLED -> new RequestCancelledException(message);
        };
    }
}
