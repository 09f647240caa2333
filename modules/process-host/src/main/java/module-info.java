/**
 * Host processes: the child JVM that runs one model ({@code dev.mlxgguf.host.HostMain}), the frame
 * protocol between parent and child, and the parent-side supervisor ({@code HostProcess}).
 */
module dev.mlxgguf.host {
    requires transitive dev.mlxgguf.api;
    requires dev.mlxgguf.engine.spi;
    requires dev.mlxgguf.json;

    exports dev.mlxgguf.host.client;
    exports dev.mlxgguf.host.protocol;

    // Engines are found at run time in the child; the parent never loads them.
    uses dev.mlxgguf.engine.spi.EngineProvider;
}
