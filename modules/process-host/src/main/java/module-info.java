/**
 * The host process: the child JVM that runs one model ({@code dev.mlxgguf.host.HostMain}), reading
 * {@code ToHost} frames on stdin and answering with {@code FromHost} frames on stdout. Only host JVMs
 * resolve this module, and with it, through its {@code uses} clause, the engines.
 */
module dev.mlxgguf.host {
    requires dev.mlxgguf.host.protocol;
    requires dev.mlxgguf.engine.spi;

    // Engines are found at run time in the child; the parent never loads them.
    uses dev.mlxgguf.engine.spi.EngineProvider;
}
