package dev.mlxgguf.host.client;

import dev.mlxgguf.api.HostCrashedException;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.RequestCancelledException;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.host.protocol.HostLoadSpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Transcribe / Transcribed frames through real child JVMs running the fake speech model. */
class HostTranscriptionTest {

    @TempDir
    Path dir;

    private final List<HostProcess> hosts = new ArrayList<>();

    @AfterEach
    void killAll() {
        hosts.forEach(HostProcess::kill);
    }

    private HostProcess host(String props) throws Exception {
        Path model = dir.resolve("s" + hosts.size() + ".fake");
        Files.writeString(model, "#fake-model\n" + props);
        HostProcess host = HostProcess.start(HostProcessTest.command(), "w" + hosts.size());
        hosts.add(host);
        host.load(new HostLoadSpec(Optional.of("fake"), model, Optional.empty(), 0, Optional.empty(), 1))
                .get(30, TimeUnit.SECONDS);
        return host;
    }

    private Path wav(double seconds) throws IOException {
        byte[] bytes = new byte[44 + (int) (seconds * 32000)];
        System.arraycopy("RIFF".getBytes(), 0, bytes, 0, 4);
        System.arraycopy("WAVE".getBytes(), 0, bytes, 8, 4);
        return Files.write(dir.resolve("upload-" + bytes.length + ".audio"), bytes);
    }

    private static TranscriptionRequest request(String id, AudioInput audio, boolean words) {
        return new TranscriptionRequest(id, audio, Optional.of("en"), "", 0, 0, words, Duration.ofMinutes(1), 1);
    }

    @Test
    void aTranscriptionTravelsBothWays() throws Exception {
        HostProcess host = host("kind=speech\ntext=one two three\nsegments=3\n");
        TranscriptionResult r = host.transcribe(request("t1", new AudioInput.File(wav(3)), true)).get(10, TimeUnit.SECONDS);
        assertThat(r.text(), is("one two three"));
        assertThat(r.duration(), closeTo(3.0, 1e-9));
        assertThat(r.segments().size(), is(3));
        assertThat(r.words().size(), is(3));
        assertThat(r.language(), is("en"));
        TranscriptionResult fromSamples = host.transcribe(request("t2", new AudioInput.Samples(new float[8000]), false))
                .get(10, TimeUnit.SECONDS);
        assertThat(fromSamples.duration(), closeTo(0.5, 1e-9));
        assertThat(fromSamples.words().size(), is(0));
    }

    @Test
    void engineRejectionsComeBackTyped() throws Exception {
        HostProcess host = host("kind=speech\n");
        Path text = Files.writeString(dir.resolve("upload-x.audio"), "#EXTM3U\nhttp://127.0.0.1:9/x\n");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> host.transcribe(request("t1", new AudioInput.File(text), false)).get(10, TimeUnit.SECONDS));
        assertThat(e.getCause(), instanceOf(InvalidRequestException.class));
        assertThat(((InvalidRequestException) e.getCause()).param(), is("file"));
    }

    @Test
    void aTextModelRefusesToTranscribe() throws Exception {
        HostProcess host = host("text=a b\n");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> host.transcribe(request("t1", new AudioInput.Samples(new float[16]), false)).get(10, TimeUnit.SECONDS));
        assertThat(e.getCause(), instanceOf(ModelLoadException.class));
        assertThat(e.getCause().getMessage(), containsString("does not transcribe"));
    }

    @Test
    void cancelStopsARunningTranscription() throws Exception {
        HostProcess host = host("kind=speech\nsegments=1000\nsegment_delay_ms=20\n");
        CompletableFuture<TranscriptionResult> f = host.transcribe(request("t1", new AudioInput.File(wav(1)), false));
        while (!host.ping().get(10, TimeUnit.SECONDS).runningRequest().equals("t1")) {
            assertThat(f.isDone(), is(false)); // each round waits for the host's answer: no sleep
        }
        long cancelled = System.nanoTime();
        host.cancel("t1");
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertThat(e.getCause(), instanceOf(RequestCancelledException.class));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled), lessThan(2000L));
        assertThat(host.isAlive(), is(true));
    }

    @Test
    void aHostDyingMidTranscriptionFailsTheCall() throws Exception {
        HostProcess host = host("kind=speech\nsegments=5\nsegment_delay_ms=50\ncrash_after_segments=2\n");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> host.transcribe(request("t1", new AudioInput.File(wav(1)), false)).get(10, TimeUnit.SECONDS));
        assertThat(e.getCause(), instanceOf(HostCrashedException.class));
        assertThat(e.getCause().getMessage(), containsString("signal 9"));
    }
}
