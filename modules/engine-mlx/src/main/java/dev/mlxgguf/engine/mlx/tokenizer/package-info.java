/**
 * Hugging Face {@code tokenizer.json} BPE tokenizers (byte-level and SentencePiece-style) in pure Java:
 * added-token splitting, normalizers, pre-tokenizers (with Oniguruma regexes translated to Unicode-aware
 * Java patterns), the BPE merge loop, and per-token byte decoding for streaming.
 */
package dev.mlxgguf.engine.mlx.tokenizer;
