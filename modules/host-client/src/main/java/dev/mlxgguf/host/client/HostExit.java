package dev.mlxgguf.host.client;

/**
 * How a host process ended.
 *
 * @param exitCode    the exit status ({@code 128 + signal} when killed by a signal)
 * @param description a client-safe description, e.g. "killed by signal 9 (SIGKILL, possibly out of memory)"
 * @param requested   true when the parent asked it to stop (unload, shutdown)
 */
public record HostExit(int exitCode, String description, boolean requested) {

    /**
     * Describes an exit status.
     *
     * @param code      the status
     * @param requested whether the stop was asked for
     * @return the exit
     */
    static HostExit of(int code, boolean requested) {
        String what = switch (code) {
            case 0 -> "exited normally";
            case 134 -> "aborted (signal 6, SIGABRT: a native assertion failed)";
            case 137 -> "killed by signal 9 (SIGKILL, possibly out of memory)";
            case 139 -> "crashed (signal 11, SIGSEGV)";
            case 143 -> "terminated by signal 15 (SIGTERM)";
            default -> code > 128 && code < 160 ? "killed by signal " + (code - 128) : "exited with status " + code;
        };
        return new HostExit(code, what, requested);
    }
}
