/**
 * Audio decoding for whisper: everything becomes mono 16 kHz float samples. PCM and float WAV are parsed and
 * resampled in Java; the other containers are decoded by an {@code ffmpeg} subprocess under strict limits.
 * Used by the engine package only (the module exports nothing).
 */
package dev.mlxgguf.engine.whisper.audio;
