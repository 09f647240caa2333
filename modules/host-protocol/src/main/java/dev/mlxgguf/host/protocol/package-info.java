/**
 * The frame protocol between the server (parent) and a host process (child): sealed
 * {@link dev.mlxgguf.host.protocol.Frame} records and the {@link dev.mlxgguf.host.protocol.FrameCodec}
 * that writes them as length-prefixed envelopes with a JSON body on the child's stdin and stdout.
 */
package dev.mlxgguf.host.protocol;
