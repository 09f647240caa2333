/**
 * Speech fixtures: tiny random-weight whisper models in whisper.cpp's legacy ggml format
 * ({@link dev.mlxgguf.testkit.speech.TinyWhisper}), speech-like test audio synthesised in code
 * ({@link dev.mlxgguf.testkit.speech.SpeechLikeAudio}), WAV files in every PCM encoding
 * ({@link dev.mlxgguf.testkit.speech.WavWriter}) and the compressed formats made with ffmpeg
 * ({@link dev.mlxgguf.testkit.speech.AudioEncoder}). Nothing is read from outside the repository.
 */
package dev.mlxgguf.testkit.speech;
