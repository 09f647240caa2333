package dev.mlxgguf.server.models;

/** Lifecycle of a slot's host process, as {@code /management/processes} reports it. */
public enum SlotState {
    /** The host is starting and loading the model. */
    LOADING,
    /** The model serves requests. */
    READY,
    /** The host died; a restart is pending. */
    CRASHED,
    /** The host is being restarted after a crash. */
    RESTARTING,
    /** The host crashed too often; it stays down until the model is loaded again. */
    FAILED,
    /** The model is being unloaded. */
    UNLOADING;

    /** {@return the wire name, lower case} */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
