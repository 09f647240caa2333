package dev.mlxgguf.image;

import dev.mlxgguf.testkit.TinyGguf;
import dev.mlxgguf.testkit.fuzz.Fuzzer;
import dev.mlxgguf.testkit.http.HttpReply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * GGUF files with fuzzed headers loaded by real llama.cpp in real host processes: each load answers (loaded, or an
 * error in the API's shape) within its limit, the server never goes down, and no host is left behind. A host load
 * costs a process start (about 0.35 s here); {@code mlxgguf.fuzz.host-loads} overrides the number of inputs.
 */
class GgufLoadFuzzIT {

    @TempDir
    Path dir;

    @Test
    void fuzzedHeadersLoadOrFailCleanly() throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        byte[] file = Files.readAllBytes(TinyGguf.write(dir, "seed.gguf", 5));
        int headLength = Math.min(file.length, 32 * 1024);
        byte[] head = Arrays.copyOf(file, headLength);
        byte[] tail = Arrays.copyOfRange(file, headLength, file.length);
        int inputs = Integer.getInteger("mlxgguf.fuzz.host-loads", Fuzzer.inputs());
        try (ImageServer s = ImageServer.start(models)) {
            Path target = models.resolve("fuzzed.gguf");
            Fuzzer.Report r = Fuzzer.run("gguf host load", inputs, List.of(head), 51, Duration.ofSeconds(60), bytes -> {
                byte[] whole = new byte[bytes.length + tail.length];
                System.arraycopy(bytes, 0, whole, 0, bytes.length);
                System.arraycopy(tail, 0, whole, bytes.length, tail.length);
                Files.write(target, whole);
                HttpReply load = s.post("/v1/internal/model/load", "{\"llm_model_name\": \"fuzzed.gguf\"}", "X-Model-Id", "9");
                s.post("/v1/internal/model/unload", "", "X-Model-Id", "9");
                if (load.status() != 200) {
                    if (!load.body().contains("\"error\"")) {
                        throw new AssertionError("load answered " + load.status() + " without an error body: " + load.body());
                    }
                    throw new Fuzzer.Refused(load.status() + "");
                }
            });
            assertThat(r.failures().toString(), r.failed(), is(0));
            assertThat(s.get("/health").status(), is(200));
            ImageServer.until(() -> s.hosts().isEmpty() ? java.util.Optional.of(true) : java.util.Optional.empty(),
                    Duration.ofSeconds(30), "every host gone");
        }
    }
}
