package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.speech.TranscriptionResult;
import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.server.http.HeaderParams;
import dev.mlxgguf.testkit.http.MultipartForm;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streaming multipart parser and the subtitle renderers, without a server. */
class MultipartReaderTest {

    /** Hands out 1 to 13 bytes per read, so boundaries fall across every buffer position. */
    private static InputStream trickle(byte[] bytes) {
        SplittableRandom r = new SplittableRandom(7);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(13)));
            }
        };
    }

    private static String boundaryOf(MultipartForm f) {
        return f.contentType().substring(f.contentType().indexOf('=') + 1);
    }

    @Test
    void partsAndBinaryBodiesSurviveAnyReadSize() throws IOException {
        byte[] file = new byte[200_000];
        new SplittableRandom(1).nextBytes(file);
        // Boundary look-alikes inside the data must not end the part.
        byte[] tricky = "\r\n--\r\n------mlxgguf\r\n--".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(tricky, 0, file, 1000, tricky.length);
        MultipartForm f = new MultipartForm().field("language", "en").file("file", "a b.wav", "audio/wav", file)
                .field("prompt", "Zürich ✓");
        MultipartReader r = new MultipartReader(trickle(f.bytes()), boundaryOf(f));
        MultipartReader.Part p1 = r.next().orElseThrow();
        assertThat(p1.name(), is("language"));
        assertThat(r.text(100, "language"), is("en"));
        MultipartReader.Part p2 = r.next().orElseThrow();
        assertThat(p2.fileName(), is(Optional.of("a b.wav")));
        assertThat(p2.contentType(), is(Optional.of("audio/wav")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(r.copyBody(out, file.length), is((long) file.length));
        assertThat(java.util.Arrays.equals(out.toByteArray(), file), is(true));
        assertThat(r.next().orElseThrow().name(), is("prompt"));
        assertThat(r.text(100, "prompt"), is("Zürich ✓"));
        assertThat(r.next(), is(Optional.empty()));
        assertThat(r.next(), is(Optional.empty()));
    }

    @Test
    void aBodyLongerThanTheLimitStopsThere() throws IOException {
        MultipartForm f = new MultipartForm().file("file", "x", "audio/wav", new byte[5000]);
        MultipartReader r = new MultipartReader(new ByteArrayInputStream(f.bytes()), boundaryOf(f));
        r.next();
        assertThat(r.copyBody(OutputStreamSink.INSTANCE, 4999), is(-1L));
    }

    @Test
    void malformedBodiesAreRequestErrors() {
        for (String body : List.of("", "no boundary at all", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
                "--b\r\nX-Other: 1\r\n\r\nv\r\n--b--", "--b\r\nContent-Disposition: form-data; name=\"a\"")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> {
                MultipartReader r = new MultipartReader(new ByteArrayInputStream(body.getBytes()), "b");
                while (r.next().isPresent()) {
                    r.copyBody(OutputStreamSink.INSTANCE, Long.MAX_VALUE);
                }
            });
            assertThat(body, e.getMessage(), containsString("malformed multipart"));
        }
    }

    @Test
    void headerParametersAreUnquotedAndDecoded() {
        assertThat(HeaderParams.parse("form-data; name=\"file\"; filename=\"a\\\"b;c.wav\"").get("filename"), is("a\"b;c.wav"));
        assertThat(HeaderParams.parse("form-data; name=file; filename*=UTF-8''%E2%9C%93.wav; filename=\"x.wav\"")
                .get("filename"), is("✓.wav"));
        assertThat(HeaderParams.parse("multipart/form-data; boundary=----abc").get("boundary"), is("----abc"));
    }

    @Test
    void subtitleTimesAndEscaping() {
        assertThat(TranscriptFormats.time(3723.4567, ','), is("01:02:03,457"));
        assertThat(TranscriptFormats.time(0, '.'), is("00:00:00.000"));
        TranscriptionResult r = new TranscriptionResult("en", "english", 5, List.of(
                new TranscriptionSegment(0, 0, 0, 1, " a --> <b> & c\n\nd", List.of(), 0, 0, 1, 0),
                new TranscriptionSegment(1, 100, 1, 2, "   ", List.of(), 0, 0, 0, 0),
                new TranscriptionSegment(2, 200, 2, 5, " e", List.of(), 0, 0, 1, 0)), List.of());
        String vtt = TranscriptFormats.render(r, TranscriptFormats.Format.VTT, "x", true, false);
        assertThat(Subtitles.vtt(vtt).getFirst().text(), is("a -&gt; &lt;b&gt; &amp; c d"));
        List<Subtitles.Cue> srt = Subtitles.srt(TranscriptFormats.render(r, TranscriptFormats.Format.SRT, "x", true, false));
        assertThat(srt.size(), is(2));
        assertThat(srt.get(1), is(new Subtitles.Cue(2, 5, "e")));
        assertThat(TranscriptionForm.sanitise("C:\\Users\\me\\a\u0000b.wav"), is("ab.wav"));
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
