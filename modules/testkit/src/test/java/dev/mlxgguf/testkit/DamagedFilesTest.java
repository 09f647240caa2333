package dev.mlxgguf.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DamagedFilesTest {

    @TempDir
    Path dir;

    @Test
    void truncatesCorruptsAndMakesGarbage() throws Exception {
        Path src = Files.write(dir.resolve("src"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(DamagedFiles.truncatedCopy(src, dir.resolve("t"), 3)));
        assertThat(Files.size(DamagedFiles.truncatedCopy(src, dir.resolve("h"), 0.5)), is(4L));
        assertArrayEquals(new byte[] {1, 2, 9, 9, 5, 6, 7, 8},
                Files.readAllBytes(DamagedFiles.corruptedCopy(src, dir.resolve("c"), 2, new byte[] {9, 9})));
        Path text = Files.writeString(dir.resolve("text"), "name: blk.0.attn_q here blk.0.attn_q");
        assertThat(Files.readString(DamagedFiles.replacedCopy(text, dir.resolve("r"), "attn_q", "attn_X")),
                is("name: blk.0.attn_X here blk.0.attn_q"));
        assertThrows(IllegalArgumentException.class, () -> DamagedFiles.replacedCopy(text, dir.resolve("r2"), "zzz", "yyy"));
        assertThrows(IllegalArgumentException.class, () -> DamagedFiles.replacedCopy(text, dir.resolve("r3"), "name", "nam"));
        Path g1 = DamagedFiles.garbage(dir.resolve("g1"), 100, 5);
        Path g2 = DamagedFiles.garbage(dir.resolve("g2"), 100, 5);
        assertArrayEquals(Files.readAllBytes(g1), Files.readAllBytes(g2));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, Files.readAllBytes(src));
    }
}
