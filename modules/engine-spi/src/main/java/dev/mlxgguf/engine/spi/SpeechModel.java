package dev.mlxgguf.engine.spi;

/**
 * A speech-to-text model (whisper). Its transcription contract is defined together with the
 * whisper engine.
 */
public non-sealed interface SpeechModel extends LoadedModel {
}
