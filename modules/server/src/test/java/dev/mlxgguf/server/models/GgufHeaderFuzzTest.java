package dev.mlxgguf.server.models;

import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.fuzz.Fuzzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The server's GGUF header reader on fuzzed headers: every input gives a header or UNKNOWN, never a throw. */
class GgufHeaderFuzzTest {

    @TempDir
    Path dir;

    @Test
    void fuzzedHeadersNeverThrow() throws Exception {
        byte[] file = Files.readAllBytes(TinyGguf.write(dir, "seed.gguf", 3));
        byte[] head = Arrays.copyOf(file, Math.min(file.length, 48 * 1024)); // the metadata; the reader stops there
        Path input = dir.resolve("fuzzed.gguf");
        Fuzzer.Report r = Fuzzer.run("gguf header", List.of(head, Arrays.copyOf(head, 600)), 11, Duration.ofSeconds(5),
                bytes -> {
                    Files.write(input, bytes);
                    if (GgufHeaderReader.read(input) == ModelHeader.UNKNOWN) {
                        throw new Fuzzer.Refused("unknown");
                    }
                });
        assertThat(r.failures().toString(), r.failed(), is(0));
    }
}
