package dev.mlxgguf.server.models;

import dev.mlxgguf.testkit.TinyGguf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The server's own GGUF header reader (no native code): the shape of real testkit files, and damaged ones. */
class GgufHeaderReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsTheShapeOfARealFile() {
        ModelHeader h = GgufHeaderReader.read(TinyGguf.write(dir, "t.gguf", 3));
        assertThat(h, is(new ModelHeader("llama", 2048, 2, 2, 16)));
    }

    @Test
    void damagedFilesGiveUnknownInsteadOfFailing() throws Exception {
        Path good = TinyGguf.write(dir, "g.gguf", 3);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(bytes, 200));
        assertThat(GgufHeaderReader.read(truncated), is(ModelHeader.UNKNOWN));
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertThat(GgufHeaderReader.read(Files.write(dir.resolve("magic.gguf"), magic)), is(ModelHeader.UNKNOWN));
        byte[] version = bytes.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 9);
        assertThat(GgufHeaderReader.read(Files.write(dir.resolve("version.gguf"), version)), is(ModelHeader.UNKNOWN));
        Path hugeCount = dir.resolve("kv.gguf");
        Files.write(hugeCount, bytes);
        try (RandomAccessFile f = new RandomAccessFile(hugeCount.toFile(), "rw")) {
            f.seek(16); // tensor count (8 bytes) then the key-value count
            f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).array());
        }
        assertThat(GgufHeaderReader.read(hugeCount), is(ModelHeader.UNKNOWN));
        assertThat(GgufHeaderReader.read(dir.resolve("missing.gguf")), is(ModelHeader.UNKNOWN));
    }
}
