package dev.mlxgguf.engine.whisper.jna;

import com.sun.jna.Structure;

/** {@code whisper_token_data}: 56 bytes, returned by value; times in 10 ms units. */
@Structure.FieldOrder({"id", "tid", "p", "plog", "pt", "ptsum", "t0", "t1", "t_dtw", "vlen"})
public class WhisperTokenData extends Structure {
    public int id;
    public int tid;
    public float p;
    public float plog;
    public float pt;
    public float ptsum;
    public long t0;
    public long t1;
    public long t_dtw;
    public float vlen;

    /** Returned by value. */
    public static class ByValue extends WhisperTokenData implements Structure.ByValue {
    }
}
