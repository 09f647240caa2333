/**
 * Helpers the project's engines share: {@link dev.mlxgguf.engine.support.TextStream} (UTF-8 assembly, stop
 * strings, sink pushes), native library finding ({@link dev.mlxgguf.engine.support.NativeLibraryFolder},
 * {@link dev.mlxgguf.engine.support.NativeRuntime}) and ggml-style log line assembly
 * ({@link dev.mlxgguf.engine.support.NativeLogLines}). Pure JDK.
 */
package dev.mlxgguf.engine.support;
