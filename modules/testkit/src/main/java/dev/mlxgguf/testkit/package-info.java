/**
 * Test fixtures: a byte-level BPE vocabulary trained in code ({@link dev.mlxgguf.testkit.ByteLevelBpe}),
 * deterministic tiny llama weights in Hugging Face layout ({@link dev.mlxgguf.testkit.TinyLlamaWeights}),
 * a general GGUF writer ({@link dev.mlxgguf.testkit.GgufWriter}) and the tiny GGUF model facade
 * ({@link dev.mlxgguf.testkit.TinyGguf}), plus broken files for failure tests
 * ({@link dev.mlxgguf.testkit.DamagedFiles}). Pure JDK; test scope only.
 */
package dev.mlxgguf.testkit;
