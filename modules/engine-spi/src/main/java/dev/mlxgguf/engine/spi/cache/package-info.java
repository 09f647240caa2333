/**
 * The prompt (KV) cache on disk, shared by every engine: the state file format (header with the model
 * key and the token prefix, a CRC-checked payload of engine state), atomic writes, and the lookup of the
 * stored state whose tokens share the longest prefix with a new prompt.
 */
package dev.mlxgguf.engine.spi.cache;
