/**
 * Speech-to-text behind {@code /v1/audio/transcriptions}: the supervised whisper host process
 * ({@link dev.mlxgguf.server.audio.WhisperHost}), the private folder of upload files
 * ({@link dev.mlxgguf.server.audio.UploadFiles}) and the limits ({@link dev.mlxgguf.server.audio.TranscriptionSettings}).
 * The HTTP side lives in {@code dev.mlxgguf.server.http}.
 */
package dev.mlxgguf.server.audio;
