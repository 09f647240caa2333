package dev.mlxgguf.host.protocol;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.ErrorKind;
import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.api.Usage;
import dev.mlxgguf.api.speech.AudioInput;
import dev.mlxgguf.api.speech.TranscriptionRequest;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FrameCodecTest {

    static List<Frame> everyFrame() {
        Prompt.Chat chat = new Prompt.Chat(List.of(
                ChatMessage.of("system", "Be brief."),
                new ChatMessage("assistant", null, Map.of("tool_calls", List.of(Map.of("id", "c1",
                        "function", Map.of("name", "f", "arguments", "{\"x\": 1}"))))),
                ChatMessage.of("user", "Héllo ✓ 😀 你好")),
                List.of(Map.of("type", "function", "function", Map.of("name", "f"))), true,
                Map.of("enable_thinking", false, "n", 3L, "x", 1.5));
        SamplingParams sampling = SamplingParams.builder().temperature(0.7).topK(5).seed(42L)
                .logitBias(Map.of(3, -100.0, 7, 2.5)).mirostatMode(2).build();
        return List.of(
                new ToHost.Load(new HostLoadSpec(Optional.of("gguf"), Path.of("/m/a.gguf"), Optional.of(Path.of("/a/x")),
                        1024, Optional.of("chatml"), 2)),
                new ToHost.Load(new HostLoadSpec(Optional.empty(), Path.of("/m/a.gguf"), Optional.empty(), 0,
                        Optional.empty(), 1)),
                new FromHost.Loaded("gguf", new ModelInfo("gguf", "llama", 512, 2048, "Q8_0", 123L, 1000, true),
                        SamplingParams.builder().repetitionPenalty(1.1).build(), 99L),
                new ToHost.Generate(new GenerationRequest("r1", chat, sampling, 16, List.of("\n\n", "END"), 2)),
                new ToHost.Generate(new GenerationRequest("r2", new Prompt.Text("Once"), SamplingParams.defaults(), -1,
                        List.of(), 0)),
                new FromHost.Token("r1", "piece\n\"quoted\" ✓", 2),
                new FromHost.Done("r1", new GenerationResult(FinishReason.LENGTH, new Usage(10, 16, 4), 5L, 6L)),
                new FromHost.Done("r3", new GenerationResult(FinishReason.STOP, new Usage(10, 1, 9), 5L, 6L,
                        new dev.mlxgguf.api.CacheReport("disk", 9, "a-1", "b-2", 1234L))),
                new ToHost.Generate(new GenerationRequest("r4", new Prompt.Text("x"), SamplingParams.defaults(), 3, List.of(), 1,
                        new dev.mlxgguf.api.CacheOptions(true, 100, "key", "/cache"))),
                new ToHost.CountTokens("c1", chat),
                new FromHost.Count("c1", 77),
                new ToHost.RenderChat("t1", chat),
                new FromHost.Rendered("t1", "<|im_start|>user"),
                new FromHost.Failed("r1", ErrorKind.INVALID_REQUEST, "too long", "messages"),
                new FromHost.Failed(null, ErrorKind.MODEL_LOAD_FAILED, "bad file", null),
                new ToHost.Cancel("r1"),
                new ToHost.Ping(5),
                new FromHost.Pong(5, new HostStats(100, 3, "r1", 7)),
                new ToHost.Shutdown(),
                new ToHost.Transcribe(new TranscriptionRequest("a1", new AudioInput.File(Path.of("/tmp/upload-1.audio")),
                        Optional.of("en"), "Glossary: ✓ \"JNA\"", 0.0, 0.2, true, Duration.ofMinutes(30), 2)),
                new ToHost.Transcribe(new TranscriptionRequest("a2", new AudioInput.Samples(new float[] {0f, -1f, 0.5f,
                        Float.MIN_VALUE, 0.123456789f}), Optional.empty(), "", 0.7, 0, false, Duration.ofSeconds(5), 0)),
                new FromHost.Transcribed("a1", new TranscriptionResult("en", "english", 4.14, List.of(
                        new TranscriptionSegment(0, 0, 0.0, 2.5, " Hello ✓", List.of(50364, 1000, 2), 0.0, -0.25, 1.1, 0.01),
                        new TranscriptionSegment(1, 250, 2.5, 4.14, " world.", List.of(), 0.2, 0.0, 0.9, 0.5)),
                        List.of(new TranscriptionWord("Hello", 0.0, 1.0), new TranscriptionWord("world.", 2.5, 4.1)))),
                new FromHost.Transcribed("a2", new TranscriptionResult("de", "german", 0, List.of(), List.of())));
    }

    @Test
    void everyFrameRoundTrips() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Frame f : everyFrame()) {
            FrameCodec.write(out, f);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        for (Frame f : everyFrame()) {
            Frame back = switch (f) {
                case ToHost t -> FrameCodec.readToHost(in);
                case FromHost t -> FrameCodec.readFromHost(in);
            };
            assertThat(back, is(f));
            assertThat(back.tag(), is(f.tag()));
        }
        assertThrows(EOFException.class, () -> FrameCodec.readFromHost(in));
    }

    @Test
    void tagsAreDistinctAndEachSideRefusesTheOthersFrames() throws IOException {
        assertThat(everyFrame().stream().map(Frame::getClass).distinct().count(),
                is(everyFrame().stream().map(Frame::tag).distinct().count()));
        ProtocolException toChild = assertThrows(ProtocolException.class, () -> FrameCodec.readToHost(
                new DataInputStream(new ByteArrayInputStream(encode(new FromHost.Count("c", 1))))));
        assertThat(toChild.getMessage(), containsString("not a frame to a host"));
        assertThrows(ProtocolException.class, () -> FrameCodec.readFromHost(
                new DataInputStream(new ByteArrayInputStream(encode(new ToHost.Ping(3))))));
    }

    @Test
    void tokenFramesAreCompactBinary() throws IOException {
        FromHost.Token t = new FromHost.Token("req-1", "é ✓ 😀\n\"", 3);
        byte[] frame = encode(t);
        int text = t.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(frame.length, is(9 + 2 + 5 + 4 + text));
        assertThat(FrameCodec.readFromHost(new DataInputStream(new ByteArrayInputStream(frame))), is(t));
        byte[] lying = frame.clone();
        lying[10] = (byte) 200;
        assertThrows(ProtocolException.class,
                () -> FrameCodec.readFromHost(new DataInputStream(new ByteArrayInputStream(lying))));
    }

    @Test
    void unknownTagFailsFast() throws IOException {
        byte[] frame = encode(new ToHost.Ping(1));
        frame[4] = 99;
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> FrameCodec.readToHost(new DataInputStream(new ByteArrayInputStream(frame))));
        assertThat(e.getMessage(), containsString("tag 99"));
    }

    @Test
    void strayOutputIsAProtocolError() {
        byte[] stray = "hello from printf\n".getBytes();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> FrameCodec.readFromHost(new DataInputStream(new ByteArrayInputStream(stray))));
        assertThat(e.getMessage(), containsString("magic"));
    }

    @Test
    void oversizeAndTruncatedFramesAreRejected() throws IOException {
        byte[] frame = encode(new ToHost.Ping(1));
        byte[] huge = frame.clone();
        huge[5] = 0x7f;
        assertThrows(ProtocolException.class, () -> FrameCodec.readToHost(new DataInputStream(new ByteArrayInputStream(huge))));
        byte[] cut = java.util.Arrays.copyOf(frame, frame.length - 2);
        assertThrows(EOFException.class, () -> FrameCodec.readToHost(new DataInputStream(new ByteArrayInputStream(cut))));
    }

    @Test
    void malformedBodyIsAProtocolError() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(FrameCodec.MAGIC);
        out.writeByte(FromHost.Count.TAG);
        byte[] body = "{\"id\": 1}".getBytes();
        out.writeInt(body.length);
        out.write(body);
        assertThrows(ProtocolException.class,
                () -> FrameCodec.readFromHost(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    private static byte[] encode(Frame f) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameCodec.write(new DataOutputStream(bytes), f);
        return bytes.toByteArray();
    }
}
