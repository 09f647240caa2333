/**
 * Raw JNA bindings of llama.cpp and ggml: library interfaces named as the C functions, and the structures
 * passed by value. No logic. Opened to {@code com.sun.jna}, never exported.
 */
package dev.mlxgguf.engine.gguf.jna;
