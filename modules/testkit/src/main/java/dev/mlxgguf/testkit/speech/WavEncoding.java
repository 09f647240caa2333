package dev.mlxgguf.testkit.speech;

/** Sample encodings of a WAV file's data chunk. */
public enum WavEncoding {
    /** 8-bit unsigned integer PCM. */
    PCM_U8(1, 8),
    /** 16-bit signed integer PCM. */
    PCM_S16(1, 16),
    /** 24-bit signed integer PCM. */
    PCM_S24(1, 24),
    /** 32-bit signed integer PCM. */
    PCM_S32(1, 32),
    /** 32-bit IEEE float. */
    FLOAT32(3, 32),
    /** 64-bit IEEE float. */
    FLOAT64(3, 64);

    private final int formatTag;
    private final int bits;

    WavEncoding(int formatTag, int bits) {
        this.formatTag = formatTag;
        this.bits = bits;
    }

    /** {@return the WAVE format tag: 1 PCM, 3 IEEE float} */
    public int formatTag() {
        return formatTag;
    }

    /** {@return bits per sample} */
    public int bits() {
        return bits;
    }
}
