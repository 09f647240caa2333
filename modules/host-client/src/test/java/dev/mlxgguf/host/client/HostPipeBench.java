package dev.mlxgguf.host.client;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.host.protocol.HostLoadSpec;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Token frames per second through a real host pipe: a child JVM runs the fake engine (no model work, one
 * token frame per word) and the parent counts what its listener receives. Tagged out of the default suite;
 * run with {@code mvn -pl modules/process-host test -Dsurefire.excludedGroups= -Dgroups=bench -Dtest=HostPipeBench}.
 */
@Tag("bench")
class HostPipeBench {

    private static final int TOKENS = 200_000;

    @TempDir
    Path dir;

    @Test
    void tokenFramesPerSecond() throws Exception {
        Path model = dir.resolve("m.fake");
        Files.writeString(model, "#fake-model\ntext=alpha beta gamma delta\ncontext_length=" + (TOKENS + 100) + "\n");
        HostProcess host = HostProcess.start(HostProcessTest.command(), "bench");
        try {
            host.load(new HostLoadSpec(Optional.empty(), model, Optional.empty(), 0, Optional.empty(), 1))
                    .get(30, TimeUnit.SECONDS);
            double best = 0;
            for (int round = 0; round < 5; round++) {
                AtomicLong frames = new AtomicLong();
                CompletableFuture<GenerationResult> done = new CompletableFuture<>();
                long start = System.nanoTime();
                host.generate(new GenerationRequest("b" + round, new Prompt.Text("go"), SamplingParams.defaults(), TOKENS,
                        List.of(), 1), new GenerationListener() {
                            @Override
                            public void onToken(String text, int tokens) {
                                frames.incrementAndGet();
                            }

                            @Override
                            public void onDone(GenerationResult result) {
                                done.complete(result);
                            }

                            @Override
                            public void onFailed(LlmException error) {
                                done.completeExceptionally(error);
                            }
                        });
                GenerationResult r = done.get(120, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                assertThat(r.usage().completionTokens(), is(TOKENS));
                assertThat(frames.get(), is((long) TOKENS));
                double rate = TOKENS / seconds;
                best = Math.max(best, rate);
                System.out.printf("round %d: %,.0f token frames/s%n", round, rate);
            }
            System.out.printf("HOST PIPE best: %,.0f token frames/s%n", best);
        } finally {
            host.kill();
        }
    }
}
