/**
 * Speech-to-text records: what to transcribe ({@link dev.mlxgguf.api.speech.TranscriptionRequest}), the
 * result ({@link dev.mlxgguf.api.speech.TranscriptionResult} with its segments and words), and the
 * byte-level audio container check shared by the server (early rejection) and the engine (decoding).
 * Pure JDK, like the rest of the api module.
 */
package dev.mlxgguf.api.speech;
