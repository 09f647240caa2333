/** The prompt-cache state file format: atomic writes, checked headers, CRC32C payloads. */
package dev.mlxgguf.kvstate;
