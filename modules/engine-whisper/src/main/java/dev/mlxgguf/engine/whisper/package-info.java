/**
 * The whisper engine: whisper.cpp (built from pinned source by {@code native/whisper/build.sh}) through JNA,
 * in its own host process. Only {@link dev.mlxgguf.engine.whisper.WhisperEngineProvider} is public.
 */
package dev.mlxgguf.engine.whisper;
