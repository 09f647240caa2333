/** JNA glue shared by the ggml-based engines. */
package dev.mlxgguf.ggml;
