package dev.mlxgguf.host.client;

import dev.mlxgguf.api.ContextLengthExceededException;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.HostCrashedException;
import dev.mlxgguf.api.LlmException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.UnavailableException;
import dev.mlxgguf.host.protocol.FromHost;
import dev.mlxgguf.host.protocol.HostLoadSpec;
import dev.mlxgguf.host.protocol.HostStats;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real child JVMs running the test-only fake engine in class-path mode. */
class HostProcessTest {

    @TempDir
    Path dir;

    private final List<HostProcess> hosts = new ArrayList<>();

    @AfterEach
    void killAll() {
        hosts.forEach(HostProcess::kill);
    }

    static HostCommand command() {
        return new HostCommand(Path.of(System.getProperty("java.home"), "bin", "java"), List.of("-Xmx64m"),
                Optional.empty(), Optional.of(System.getProperty("java.class.path")), Map.of());
    }

    private HostProcess host(String props) throws IOException {
        Path model = dir.resolve("m" + hosts.size() + ".fake");
        Files.writeString(model, "#fake-model\n" + props);
        HostProcess host = HostProcess.start(command(), "t" + hosts.size());
        hosts.add(host);
        host.load(new HostLoadSpec(Optional.empty(), model, Optional.empty(), 0, Optional.empty(), 1));
        return host;
    }

    private static GenerationRequest request(String id, int maxTokens, List<String> stop) {
        return new GenerationRequest(id, new Prompt.Text("one two three"), SamplingParams.defaults(), maxTokens, stop, 1);
    }

    @Test
    void loadsGeneratesCountsAndRenders() throws Exception {
        HostProcess host = host("text=red green blue\n");
        FromHost.Loaded loaded = host.loaded().get(30, TimeUnit.SECONDS);
        assertThat(loaded.engine(), is("fake"));
        Recorder r = new Recorder();
        host.generate(request("g1", 5, List.of()), r);
        GenerationResult result = r.done.get(10, TimeUnit.SECONDS);
        assertThat(r.text(), is("red green blue red green"));
        assertThat(result.finishReason(), is(FinishReason.LENGTH));
        assertThat(result.usage().promptTokens(), is(3));
        assertThat(result.usage().completionTokens(), is(5));
        assertThat(host.countTokens(new Prompt.Text("a b c d")).get(10, TimeUnit.SECONDS), is(4));
        assertThat(host.renderChat(Prompt.Chat.of(List.of(dev.mlxgguf.api.ChatMessage.of("user", "hi"))))
                .get(10, TimeUnit.SECONDS), is("user: hi\nassistant:"));
    }

    @Test
    void stopStringsAndEngineErrorsTravel() throws Exception {
        HostProcess host = host("text=red green blue\ncontext_length=8\n");
        Recorder r = new Recorder();
        host.generate(request("g1", 10, List.of(" blue")), r);
        assertThat(r.done.get(10, TimeUnit.SECONDS).finishReason(), is(FinishReason.STOP));
        assertThat(r.text(), is("red green"));
        Recorder tooLong = new Recorder();
        host.generate(new GenerationRequest("g2", new Prompt.Text("1 2 3 4 5 6 7 8 9"), SamplingParams.defaults(), 4,
                List.of(), 1), tooLong);
        LlmException e = tooLong.failed.get(10, TimeUnit.SECONDS);
        assertThat(e, instanceOf(ContextLengthExceededException.class));
        assertThat(e.param(), is("prompt"));
        assertThat(e.getMessage(), containsString("context_length"));
    }

    @Test
    void cancelStopsARunningGeneration() throws Exception {
        HostProcess host = host("token_delay_ms=20\n");
        Recorder r = new Recorder();
        host.generate(request("g1", 1000, List.of()), r);
        r.firstToken.get(10, TimeUnit.SECONDS);
        host.cancel("g1");
        GenerationResult result = r.done.get(10, TimeUnit.SECONDS);
        assertThat(result.finishReason(), is(FinishReason.CANCELLED));
        assertThat(result.usage().completionTokens(), lessThan(100));
    }

    @Test
    void aKilledHostFailsPendingCallsAtOnce() throws Exception {
        HostProcess host = host("token_delay_ms=50\n");
        Recorder r = new Recorder();
        host.generate(request("g1", 1000, List.of()), r);
        r.firstToken.get(10, TimeUnit.SECONDS);
        long killed = System.nanoTime();
        host.kill();
        LlmException e = r.failed.get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        assertThat(e, instanceOf(HostCrashedException.class));
        assertThat(e.getMessage(), containsString("signal 9"));
        assertThat(ms, lessThan(2000L));
        assertThrows(HostCrashedException.class, () -> host.generate(request("g2", 1, List.of()), new Recorder()));
    }

    @Test
    void aCrashAtLoadIsReported() throws Exception {
        HostProcess host = host("crash_at_load=134\n");
        CompletionException e = assertThrows(CompletionException.class, () -> host.loaded().join());
        assertThat(e.getCause(), instanceOf(HostCrashedException.class));
        assertThat(e.getCause().getMessage(), containsString("SIGABRT"));
        assertThat(host.onExit().get(5, TimeUnit.SECONDS).exitCode(), is(134));
    }

    @Test
    void anUnknownFormatIsALoadError() throws Exception {
        Path model = dir.resolve("x.bin");
        Files.writeString(model, "nothing");
        HostProcess host = HostProcess.start(command(), "u");
        hosts.add(host);
        CompletableFuture<FromHost.Loaded> f = host.load(new HostLoadSpec(Optional.empty(), model, Optional.empty(), 0,
                Optional.empty(), 1));
        CompletionException e = assertThrows(CompletionException.class, f::join);
        assertThat(e.getCause(), instanceOf(ModelLoadException.class));
        assertThat(e.getCause().getMessage(), containsString("no engine supports x.bin"));
        assertThat(host.isAlive(), is(true));
    }

    @Test
    void stopEndsTheChildAndFailsInFlightRequestsAsUnavailable() throws Exception {
        HostProcess host = host("token_delay_ms=50\n");
        Recorder r = new Recorder();
        host.generate(request("g1", 1000, List.of()), r);
        r.firstToken.get(10, TimeUnit.SECONDS);
        host.stop(Duration.ofSeconds(5));
        assertThat(host.isAlive(), is(false));
        LlmException e = r.failed.getNow(null);
        if (e == null) {
            // the host may finish the request as cancelled before exiting
            assertThat(r.done.get(1, TimeUnit.SECONDS).finishReason(), is(FinishReason.CANCELLED));
        } else {
            assertThat(e, instanceOf(UnavailableException.class));
        }
        assertThat(host.onExit().get(1, TimeUnit.SECONDS).requested(), is(true));
    }

    @Test
    void childExitsWhenItsStdinCloses() throws Exception {
        HostProcess host = host("");
        host.loaded().get(30, TimeUnit.SECONDS);
        ProcessHandle child = ProcessHandle.of(host.pid()).orElseThrow();
        // Simulates the server dying: nothing but the closed pipe tells the child.
        hostStdinOf(host).close();
        child.onExit().get(5, TimeUnit.SECONDS);
        assertThat(child.isAlive(), is(false));
    }

    @Test
    void pingUpdatesStats() throws Exception {
        HostProcess host = host("");
        Recorder r = new Recorder();
        host.generate(request("g1", 7, List.of()), r);
        r.done.get(10, TimeUnit.SECONDS);
        HostStats stats = host.ping().get(10, TimeUnit.SECONDS);
        assertThat(stats.tokensGenerated(), is(7L));
        assertThat(stats.requestsServed(), is(1L));
        assertThat(host.lastStats().tokensGenerated(), is(7L));
        assertThat(host.lastStats().requestsServed(), is(1L));
    }

    private static java.io.OutputStream hostStdinOf(HostProcess host) throws Exception {
        var f = HostProcess.class.getDeclaredField("process");
        f.setAccessible(true);
        return ((Process) f.get(host)).getOutputStream();
    }

    static final class Recorder implements GenerationListener {
        final List<String> pieces = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> firstToken = new CompletableFuture<>();
        final CompletableFuture<GenerationResult> done = new CompletableFuture<>();
        final CompletableFuture<LlmException> failed = new CompletableFuture<>();

        @Override
        public void onToken(String text, int tokens) {
            pieces.add(text);
            firstToken.complete(null);
        }

        @Override
        public void onDone(GenerationResult result) {
            done.complete(result);
        }

        @Override
        public void onFailed(LlmException error) {
            failed.complete(error);
            done.completeExceptionally(error);
        }

        String text() {
            return String.join("", pieces);
        }
    }
}
