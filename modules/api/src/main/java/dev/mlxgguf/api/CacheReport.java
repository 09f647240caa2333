package dev.mlxgguf.api;

import java.util.Objects;

/**
 * What the prompt cache did for one generation.
 *
 * @param source       where the reused prefix came from: {@code none}, {@code memory} or {@code disk}
 * @param reusedTokens prompt tokens not processed again
 * @param loadedId     id of the disk state that was loaded, or ""
 * @param savedId      id of the disk state written after this generation, or ""
 * @param savedBytes   size of that state file
 */
public record CacheReport(String source, int reusedTokens, String loadedId, String savedId, long savedBytes) {

    /** Checks that no component is null. */
    public CacheReport {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(loadedId, "loadedId");
        Objects.requireNonNull(savedId, "savedId");
    }

    /** {@return a report of a generation that used no cache} */
    public static CacheReport none() {
        return new CacheReport("none", 0, "", "", 0);
    }
}
