/**
 * The child side of a host process: {@link dev.mlxgguf.host.HostMain} reads frames from stdin, runs the
 * engine on one platform worker thread, and writes frames to stdout. Logs go to stderr.
 */
package dev.mlxgguf.host;
