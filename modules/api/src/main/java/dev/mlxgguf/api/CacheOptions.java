package dev.mlxgguf.api;

import java.util.Objects;

/**
 * How a generation may use the prompt (KV) cache.
 *
 * @param enabled       reuse the longest cached prefix of the prompt (memory, then disk) and keep this
 *                      request's state for the next one
 * @param saveThreshold prompts of at least this many tokens are also saved to disk
 * @param modelKey      identity of the model and adapter (file sizes and times); states are only ever
 *                      reused for the same key
 * @param directory     the shared disk cache folder; "" = memory only
 */
public record CacheOptions(boolean enabled, int saveThreshold, String modelKey, String directory) {

    /** The original's default disk threshold, in prompt tokens. */
    public static final int DEFAULT_SAVE_THRESHOLD = 5000;

    /** Checks the components: a null or out-of-range one throws. */
    public CacheOptions {
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(directory, "directory");
        if (saveThreshold < 0) {
            throw new InvalidRequestException("kv_cache_threshold must be >= 0", "kv_cache_threshold");
        }
    }

    /** {@return options that use no cache at all} */
    public static CacheOptions disabled() {
        return new CacheOptions(false, DEFAULT_SAVE_THRESHOLD, "", "");
    }

    /** {@return true when states may be read from and written to disk} */
    public boolean disk() {
        return enabled && !directory.isEmpty() && !modelKey.isEmpty();
    }
}
