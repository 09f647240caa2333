/**
 * Raw JNA bindings of whisper.cpp and its ggml: library interfaces named as the C functions, the
 * structures (C {@code bool} fields as {@code byte}, nested anonymous structs flattened) and the callback
 * types. No logic. Opened to {@code com.sun.jna}, never exported.
 */
package dev.mlxgguf.engine.whisper.jna;
