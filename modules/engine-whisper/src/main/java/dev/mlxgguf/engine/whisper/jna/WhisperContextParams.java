package dev.mlxgguf.engine.whisper.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@code struct whisper_context_params}: 48 bytes on 64-bit, the same in whisper.cpp 1.7.6 and 1.9.1. The
 * nested {@code struct whisper_aheads dtw_aheads} is flattened into its two fields.
 */
@Structure.FieldOrder({"use_gpu", "flash_attn", "gpu_device", "dtw_token_timestamps", "dtw_aheads_preset", "dtw_n_top",
        "dtw_aheads_n_heads", "dtw_aheads_heads", "dtw_mem_size"})
public class WhisperContextParams extends Structure {
    public byte use_gpu;
    public byte flash_attn;
    public int gpu_device;
    public byte dtw_token_timestamps;
    public int dtw_aheads_preset;
    public int dtw_n_top;
    /** {@code size_t}. */
    public long dtw_aheads_n_heads;
    public Pointer dtw_aheads_heads;
    /** {@code size_t}. */
    public long dtw_mem_size;

    /** Passed and returned by value. */
    public static class ByValue extends WhisperContextParams implements Structure.ByValue {
    }
}
