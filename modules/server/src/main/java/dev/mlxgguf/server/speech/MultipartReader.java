package dev.mlxgguf.server.speech;

import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.server.http.HeaderParams;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A streaming reader of {@code multipart/form-data} bodies (RFC 7578): parts are read one after another, and a
 * part's body is copied to a sink as it arrives, so an upload never sits in memory. Memory use is one 64 KiB buffer.
 * Limits: part headers of at most 16 KiB, at most {@value #MAX_PARTS} parts, and whatever the caller passes per body.
 *
 * <p>A body that does not follow the format (no opening boundary, headers without an end, a part without a
 * closing boundary) fails with {@link InvalidRequestException}. Not thread-safe: one request's thread.
 */
public final class MultipartReader {

    /** Most parts accepted in one body. */
    static final int MAX_PARTS = 64;
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean inBody;
    private boolean done;
    private int parts;

    /**
     * Creates a reader.
     *
     * @param in       the body
     * @param boundary the boundary from the {@code Content-Type} header (1–70 characters)
     */
    public MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // The first boundary need not follow a line break: pretend one precedes the body.
        buf[0] = '\r';
        buf[1] = '\n';
        lim = 2;
        inBody = true; // the preamble is skipped like a body
    }

    /**
     * Headers of one part.
     *
     * @param name        the form field name
     * @param fileName    the client's file name, if the part is a file (never used as a path)
     * @param contentType the part's content type, if given
     */
    public record Part(String name, Optional<String> fileName, Optional<String> contentType) {
    }

    /**
     * Moves to the next part, skipping what is left of the current one.
     *
     * @return its headers, or empty after the closing boundary
     * @throws IOException             if reading fails
     * @throws InvalidRequestException if the body is malformed or has too many parts
     */
    public Optional<Part> next() throws IOException {
        if (done) {
            return Optional.empty();
        }
        if (inBody) {
            copyBody(OutputStream.nullOutputStream(), Long.MAX_VALUE);
        }
        // After a delimiter: "--" closes the body, CRLF starts a part.
        ensure(2);
        if (lim - pos >= 2 && buf[pos] == '-' && buf[pos + 1] == '-') {
            done = true;
            return Optional.empty();
        }
        int crlf = indexOf(CRLF, pos, Math.min(lim, pos + 256));
        while (crlf < 0 && !eof && lim - pos < 256) {
            fill();
            crlf = indexOf(CRLF, pos, Math.min(lim, pos + 256));
        }
        if (crlf < 0) {
            throw malformed("a boundary is not followed by a line break");
        }
        pos = crlf + 2;
        if (++parts > MAX_PARTS) {
            throw new InvalidRequestException("the form has more than " + MAX_PARTS + " parts", null);
        }
        Part part = parseHeaders(readHeaders());
        inBody = true;
        return Optional.of(part);
    }

    /**
     * Copies the current part's body to {@code out}.
     *
     * @param out sink
     * @param max most bytes accepted
     * @return bytes copied, or {@code -1} if the body is longer than {@code max} (reading stops there)
     * @throws IOException             if reading or writing fails
     * @throws InvalidRequestException if the body ends without a closing boundary
     */
    public long copyBody(OutputStream out, long max) throws IOException {
        long total = 0;
        while (true) {
            int found = indexOf(delimiter, pos, lim);
            int end = found >= 0 ? found : Math.max(pos, lim - (delimiter.length - 1));
            int n = end - pos;
            if (total + n > max) {
                return -1;
            }
            out.write(buf, pos, n);
            total += n;
            pos = end;
            if (found >= 0) {
                pos += delimiter.length;
                inBody = false;
                return total;
            }
            if (eof) {
                throw malformed("the body ends inside a part");
            }
            fill();
        }
    }

    /**
     * Reads the current part's body as UTF-8 text.
     *
     * @param maxBytes longest accepted text
     * @param field    the field name, for the error
     * @return the text
     * @throws IOException             if reading fails
     * @throws InvalidRequestException if the text is longer than {@code maxBytes}
     */
    String text(int maxBytes, String field) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (copyBody(b, maxBytes) < 0) {
            throw new InvalidRequestException("form field " + field + " is longer than " + maxBytes + " bytes", field);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private byte[] readHeaders() throws IOException {
        while (true) {
            int end = indexOf(HEADER_END, pos, lim);
            if (end >= 0) {
                byte[] headers = java.util.Arrays.copyOfRange(buf, pos, end);
                pos = end + HEADER_END.length;
                return headers;
            }
            // An empty header block: the part starts with CRLF right away.
            if (lim - pos >= 2 && buf[pos] == '\r' && buf[pos + 1] == '\n') {
                pos += 2;
                return new byte[0];
            }
            if (lim - pos > MAX_HEADER_BYTES) {
                throw malformed("part headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            if (eof) {
                throw malformed("the body ends inside part headers");
            }
            fill();
        }
    }

    private static Part parseHeaders(byte[] raw) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
        }
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw malformed("a part has no Content-Disposition: form-data header");
        }
        Map<String, String> params = HeaderParams.parse(disposition);
        String name = params.get("name");
        if (name == null) {
            throw malformed("a part has no field name");
        }
        return new Part(name, Optional.ofNullable(params.get("filename")), Optional.ofNullable(headers.get("content-type")));
    }

    /** Makes at least {@code n} bytes available if the stream has them. */
    private void ensure(int n) throws IOException {
        while (lim - pos < n && !eof) {
            fill();
        }
    }

    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            throw new IllegalStateException("multipart buffer full");
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }

    private int indexOf(byte[] needle, int from, int to) {
        byte first = needle[0];
        for (int i = from; i <= to - needle.length; i++) {
            if (buf[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && buf[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidRequestException malformed(String why) {
        return new InvalidRequestException("malformed multipart/form-data body: " + why, null);
    }
}
