package dev.mlxgguf.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Uploads over a raw socket, for the limit tests that an ordinary client cannot express: a body that declares more
 * than it sends, and a chunked body that keeps going. Each call uses a fresh connection.
 */
public final class RawUpload {

    private RawUpload() {
    }

    /**
     * What came back.
     *
     * @param status    HTTP status, or -1 if no response arrived in time
     * @param response  the raw response text (headers and body) read so far
     * @param bytesSent request body bytes written before the server answered or closed
     */
    public record Result(int status, String response, long bytesSent) {

        /** {@return true if the server announced that it closes the connection} */
        public boolean closesConnection() {
            return response.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n");
        }
    }

    /**
     * Declares {@code declared} bytes in {@code Content-Length} but sends only {@code sent}, then waits for an answer.
     * A server that waits for the whole body answers nothing within the timeout.
     *
     * @param host        host
     * @param port        port
     * @param path        request path
     * @param contentType the Content-Type header
     * @param declared    the Content-Length to claim
     * @param sent        body bytes actually sent
     * @param timeoutMs   how long to wait for the response
     * @return the result
     * @throws IOException if the connection fails before anything is read
     */
    public static Result declaredLength(String host, int port, String path, String contentType, long declared, int sent,
                                        int timeoutMs) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + declared + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long written = 0;
            try {
                out.write(new byte[sent]);
                out.flush();
                written = sent;
            } catch (IOException e) {
                // the server closed early: what it answered is still readable
            }
            return read(s.getInputStream(), written);
        }
    }

    /**
     * Sends only the headers of a request that declares {@code declared} bytes with {@code Expect: 100-continue},
     * then waits for an answer, as curl and the JDK client do before they send a body.
     *
     * @param host        host
     * @param port        port
     * @param path        request path
     * @param contentType the Content-Type header
     * @param declared    the Content-Length to claim
     * @param timeoutMs   how long to wait for the response
     * @return the result (nothing of the body is sent)
     * @throws IOException if the connection fails before anything is read
     */
    public static Result expectContinue(String host, int port, String path, String contentType, long declared,
                                        int timeoutMs) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(timeoutMs);
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: "
                    + contentType + "\r\nContent-Length: " + declared + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream(), 0);
        }
    }

    /**
     * Sends {@code prefix} and then zero bytes in chunks of {@code chunk} bytes with chunked transfer encoding, up to
     * {@code max} bytes or until the server answers or closes, then reads the answer.
     *
     * @param host        host
     * @param port        port
     * @param path        request path
     * @param contentType the Content-Type header
     * @param prefix      first body bytes (e.g. multipart headers)
     * @param max         most body bytes to send
     * @param timeoutMs   how long to wait for the response
     * @return the result
     * @throws IOException if the connection fails before anything is read
     */
    public static Result chunked(String host, int port, String path, String contentType, byte[] prefix, long max,
                                 int timeoutMs) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(timeoutMs);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: " + contentType
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long sent = 0;
            byte[] zeros = new byte[64 * 1024];
            try {
                writeChunk(out, prefix, prefix.length);
                sent += prefix.length;
                while (sent < max && in.available() == 0) {
                    writeChunk(out, zeros, zeros.length);
                    sent += zeros.length;
                }
                out.flush();
            } catch (IOException e) {
                // the server stopped reading: read its answer
            }
            return read(in, sent);
        }
    }

    private static void writeChunk(OutputStream out, byte[] data, int n) throws IOException {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(data, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Result read(InputStream in, long sent) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                String text = got.toString(StandardCharsets.ISO_8859_1);
                int headerEnd = text.indexOf("\r\n\r\n");
                if (headerEnd > 0 && complete(text, headerEnd)) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // no (more) answer
        } catch (IOException e) {
            // reset after the answer
        }
        String text = got.toString(StandardCharsets.UTF_8);
        int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : -1;
        return new Result(status, text, sent);
    }

    private static boolean complete(String text, int headerEnd) {
        for (String line : text.substring(0, headerEnd).split("\r\n")) {
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                return text.length() - headerEnd - 4 >= Integer.parseInt(line.substring(15).strip());
            }
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                return text.endsWith("\r\n0\r\n\r\n");
            }
        }
        return false;
    }
}
