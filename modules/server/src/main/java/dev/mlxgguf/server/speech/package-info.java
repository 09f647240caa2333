/**
 * Speech-to-text behind {@code /v1/audio/transcriptions}: the supervised whisper host process
 * ({@link dev.mlxgguf.server.speech.WhisperHost}), multipart uploads into a private folder
 * ({@link dev.mlxgguf.server.speech.UploadFiles}), the limits ({@link dev.mlxgguf.server.speech.TranscriptionSettings})
 * and the response formats.
 */
package dev.mlxgguf.server.speech;
