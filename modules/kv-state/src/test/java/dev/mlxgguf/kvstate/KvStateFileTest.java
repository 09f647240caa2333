package dev.mlxgguf.kvstate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvStateFileTest {

    @TempDir
    Path dir;

    private static ByteBuffer payload(int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i * 31));
        }
        return b.flip();
    }

    @Test
    void roundTripsHeaderAndPayload() throws IOException {
        KvStateFile.Header written = KvStateFile.write(dir, "model-a", new int[] {5, 6, 7}, payload(1000));
        Path file = dir.resolve(KvStateFile.keyPrefix("model-a") + "-" + written.id() + KvStateFile.SUFFIX);
        KvStateFile.Header read = KvStateFile.readHeader(file);
        assertThat(read.id(), is(written.id()));
        assertThat(read.modelKey(), is("model-a"));
        assertThat(read.tokens(), is(new int[] {5, 6, 7}));
        assertThat(read.payloadSize(), is(1000L));
        ByteBuffer back = ByteBuffer.allocateDirect(1000);
        KvStateFile.readPayload(file, read, back);
        assertThat(back, is(payload(1000)));
        try (var files = Files.list(dir)) {
            assertThat(files.count(), is(1L)); // no temporary file left
        }
    }

    @Test
    void truncatedAndCorruptFilesAreRejected() throws IOException {
        KvStateFile.Header h = KvStateFile.write(dir, "m", new int[] {1, 2}, payload(500));
        Path file = dir.resolve(KvStateFile.keyPrefix("m") + "-" + h.id() + KvStateFile.SUFFIX);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write(0x55);
        }
        IOException corrupt = assertThrows(IOException.class,
                () -> KvStateFile.readPayload(file, KvStateFile.readHeader(file), ByteBuffer.allocateDirect(500)));
        assertThat(corrupt.getMessage(), containsString("checksum"));
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 10);
        }
        assertThat(assertThrows(IOException.class, () -> KvStateFile.readHeader(file)).getMessage(), containsString("truncated"));
        Path garbage = dir.resolve(KvStateFile.keyPrefix("m") + "-00000000-0000-0000-0000-000000000000.kv");
        Files.write(garbage, new byte[] {1, 2, 3});
        assertThrows(IOException.class, () -> KvStateFile.readHeader(garbage));
    }
}
