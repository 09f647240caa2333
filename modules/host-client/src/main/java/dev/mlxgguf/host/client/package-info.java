/**
 * The parent side of host processes: {@link dev.mlxgguf.host.client.HostProcess} spawns a child JVM for
 * one model, streams frames to and from it, and turns its death into errors for every pending call.
 */
package dev.mlxgguf.host.client;
