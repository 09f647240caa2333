package dev.mlxgguf.server.cache;

import dev.mlxgguf.api.CacheReport;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.kvstate.KvStateFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvCacheIndexTest {

    @TempDir
    Path dir;

    private static KvStateFile.Header state(Path dir, String key, int bytes) throws IOException {
        return KvStateFile.write(dir, key, new int[] {1, 2, 3}, ByteBuffer.allocate(bytes));
    }

    private static Path file(Path dir, KvStateFile.Header h) {
        return dir.resolve(KvStateFile.keyPrefix(h.modelKey()) + "-" + h.id() + KvStateFile.SUFFIX);
    }

    @Test
    void startupRemovesHalfWrittenAndCorruptFiles() throws IOException {
        KvStateFile.Header good = state(dir, "m", 100);
        Files.write(dir.resolve(".tmp-" + java.util.UUID.randomUUID()), new byte[50]);
        Path broken = dir.resolve(KvStateFile.keyPrefix("m") + "-" + java.util.UUID.randomUUID() + KvStateFile.SUFFIX);
        Files.write(broken, new byte[] {1, 2, 3, 4});
        KvCacheIndex index = new KvCacheIndex(dir, 1 << 20);
        assertThat(index.entries().stream().map(KvCacheIndex.Entry::id).toList(), is(List.of(good.id())));
        try (var files = Files.list(dir)) {
            assertThat(files.count(), is(1L));
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedToStayUnderTheCap() throws IOException {
        KvCacheIndex index = new KvCacheIndex(dir, 2500);
        KvStateFile.Header a = state(dir, "m", 1000);
        index.record(new CacheReport("none", 0, "", a.id(), 1000));
        KvStateFile.Header b = state(dir, "m", 1000);
        index.record(new CacheReport("none", 0, "", b.id(), 1000));
        index.record(new CacheReport("disk", 3, a.id(), "", 0)); // a is now newer than b
        KvStateFile.Header c = state(dir, "m", 1000);
        index.record(new CacheReport("none", 0, "", c.id(), 1000));
        assertThat(index.entries().stream().map(KvCacheIndex.Entry::id).toList(), is(List.of(a.id(), c.id())));
        assertThat(Files.exists(file(dir, b)), is(false));
        assertThat(index.totalBytes(), lessThanOrEqualTo(2500L));
    }

    @Test
    void importsOnlyStatesOfTheSlotsModel() throws IOException {
        Path other = Files.createDirectories(dir.resolve("other"));
        KvStateFile.Header foreign = state(other, "model-b", 200);
        byte[] bytes = Files.readAllBytes(file(other, foreign));
        KvCacheIndex index = new KvCacheIndex(dir.resolve("cache"), 1 << 20);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> index.importState(out -> { out.write(bytes); return bytes.length; }, "model-a"));
        assertThat(e.getMessage(), containsString("another model"));
        assertThat(assertThrows(InvalidRequestException.class,
                () -> index.importState(out -> { out.write(new byte[] {1, 2}); return 2; }, "model-a")).getMessage(),
                containsString("not a prompt-cache state"));
        String id = index.importState(out -> { out.write(bytes); return bytes.length; }, "model-b");
        ByteArrayOutputStream exported = new ByteArrayOutputStream();
        index.export(id, exported);
        assertThat(exported.toByteArray(), is(bytes));
        try (var files = Files.list(dir.resolve("cache"))) {
            assertThat(files.count(), is(1L)); // no leftover temporary files
        }
        assertThrows(InvalidRequestException.class, () -> index.export("../../etc/passwd", new ByteArrayOutputStream()));
    }
}
