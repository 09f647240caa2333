/**
 * The server's side of host processes: {@code HostProcess} spawns a child JVM, streams frames to and from
 * it, supervises it and fails every pending call when it dies. Uses no engine: the server's module graph
 * never resolves an engine module (and so neither JNA nor the Vector API).
 */
module dev.mlxgguf.host.client {
    requires transitive dev.mlxgguf.host.protocol;

    exports dev.mlxgguf.host.client;
}
