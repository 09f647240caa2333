/**
 * The frames between the server and a host process: the sealed {@code ToHost} / {@code FromHost} families
 * and their codec. Shared by the child ({@code dev.mlxgguf.host}) and the parent side
 * ({@code dev.mlxgguf.host.client}).
 */
module dev.mlxgguf.host.protocol {
    requires transitive dev.mlxgguf.api;
    requires dev.mlxgguf.json;

    exports dev.mlxgguf.host.protocol;
}
