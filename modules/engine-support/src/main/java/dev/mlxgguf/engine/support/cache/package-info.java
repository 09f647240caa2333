/**
 * The prompt (KV) cache of a loaded model, shared by the engines: which tokens the engine's
 * {@link dev.mlxgguf.engine.spi.KvState} holds, reuse of the longest shared prefix from memory or from a state
 * file, and saving long prompts' states ({@code dev.mlxgguf.kvstate.KvStateFile}).
 */
package dev.mlxgguf.engine.support.cache;
