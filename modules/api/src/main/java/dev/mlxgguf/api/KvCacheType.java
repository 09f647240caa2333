package dev.mlxgguf.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the keys and values of the attention cache are stored ({@code --kv-cache-type}, load {@code kv_cache_type}):
 * F16, or quantized in ggml's blocks of 32 values (Q8_0: 34 bytes a block, Q4_0: 18). Quantized caches hold more
 * context in the same memory at a small cost in accuracy; llama.cpp needs flash attention for a quantized V cache
 * (the GGUF engine turns it on for them).
 */
public enum KvCacheType {
    /** Two bytes a value. */
    F16("f16", 2.0),
    /** 8-bit blocks: 34 bytes per 32 values. */
    Q8_0("q8_0", 34.0 / 32),
    /** 4-bit blocks: 18 bytes per 32 values. */
    Q4_0("q4_0", 18.0 / 32);

    private final String wireName;
    private final double bytesPerValue;

    KvCacheType(String wireName, double bytesPerValue) {
        this.wireName = wireName;
        this.bytesPerValue = bytesPerValue;
    }

    /** {@return the name on the wire and the command line: {@code f16}, {@code q8_0}, {@code q4_0}} */
    public String wireName() {
        return wireName;
    }

    /** {@return bytes one cached value takes} */
    public double bytesPerValue() {
        return bytesPerValue;
    }

    /**
     * @param name a wire name, any case
     * @return the type
     * @throws IllegalArgumentException naming the accepted names
     */
    public static KvCacheType parse(String name) {
        for (KvCacheType t : values()) {
            if (t.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown KV cache type '" + name + "' (one of "
                + Arrays.stream(values()).map(KvCacheType::wireName).collect(Collectors.joining(", ")) + ")");
    }
}
