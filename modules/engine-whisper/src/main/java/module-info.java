/** Whisper transcription on whisper.cpp through JNA. Exports nothing; found through ServiceLoader in host processes. */
module dev.mlxgguf.engine.whisper {
    requires dev.mlxgguf.engine.spi;
    requires com.sun.jna;
}
