package dev.mlxgguf.engine.support.cache;

import dev.mlxgguf.kvstate.KvStateFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Which stored state a prompt reuses (the file format itself is tested in kv-state). */
class PromptCacheStoreTest {

    @TempDir
    Path dir;

    /** The store only reads headers: the payload's content does not matter here. */
    private static ByteBuffer payload(int n) {
        return ByteBuffer.allocateDirect(n);
    }

    @Test
    void theLongestSharedPrefixOfTheSameModelWins() throws IOException {
        KvStateFile.write(dir, "m", new int[] {1, 2, 3}, payload(10));
        KvStateFile.Header longer = KvStateFile.write(dir, "m", new int[] {1, 2, 3, 4, 5, 9}, payload(10));
        KvStateFile.write(dir, "other", new int[] {1, 2, 3, 4, 5, 6, 7}, payload(10));
        Files.write(dir.resolve(".tmp-half"), new byte[] {1});
        PromptCacheStore store = new PromptCacheStore();
        Optional<PromptCacheStore.Match> m = store.best(dir, "m", new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 2);
        assertThat(m.orElseThrow().header().id(), is(longer.id()));
        assertThat(m.get().common(), is(5));
        assertThat(store.best(dir, "m", new int[] {9, 9}, 1).isPresent(), is(false));
        assertThat(store.best(dir, "m", new int[] {1, 2, 3, 4, 5, 6}, 6).isPresent(), is(false));
    }

    @Test
    void aCorruptFileFoundDuringLookupIsRemoved() throws IOException {
        Path bad = dir.resolve(KvStateFile.keyPrefix("m") + "-11111111-1111-1111-1111-111111111111.kv");
        Files.write(bad, new byte[] {0x56, 0x4B, 0x47, 0x4D, 0, 0, 0});
        assertThat(new PromptCacheStore().best(dir, "m", new int[] {1}, 1).isPresent(), is(false));
        assertThat(Files.exists(bad), is(false));
    }
}
