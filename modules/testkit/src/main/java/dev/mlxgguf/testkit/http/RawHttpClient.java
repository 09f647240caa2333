package dev.mlxgguf.testkit.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request on a plain socket, for tests that must control exactly when the client hangs
 * up. The response is read line by line. Not thread-safe; close it to hang up.
 */
public final class RawHttpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;

    private RawHttpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Sends a POST with a JSON body.
     *
     * @param port    server port on 127.0.0.1
     * @param path    request path
     * @param json    the body
     * @param headers extra header lines, e.g. {@code "X-Model-Id: 1"}
     * @return the open exchange
     */
    public static RawHttpClient post(int port, String path, String json, String... headers) {
        try {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(60_000);
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
            for (String h : headers) {
                head.append(h).append("\r\n");
            }
            head.append("\r\n");
            s.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            return new RawHttpClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the next line of the response (status line, headers, chunk sizes and body lines alike).
     *
     * @return the line, or null at end of stream
     */
    public String readLine() {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads lines until one starts with {@code prefix}, {@code count} times.
     *
     * @param prefix line prefix, e.g. {@code "data: "}
     * @param count  how many such lines
     * @return the last matching line, or null if the stream ended first
     */
    public String skipTo(String prefix, int count) {
        String line = null;
        for (int seen = 0; seen < count; ) {
            line = readLine();
            if (line == null) {
                return null;
            }
            if (line.startsWith(prefix)) {
                seen++;
            }
        }
        return line;
    }

    /** Hangs up (closes the socket). */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
