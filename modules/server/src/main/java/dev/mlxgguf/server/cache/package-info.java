/**
 * The server's side of the prompt (KV) cache: the single index of the shared disk folder (sizes, least
 * recently used order, the size cap), model identity keys, and import/export of state files.
 */
package dev.mlxgguf.server.cache;
