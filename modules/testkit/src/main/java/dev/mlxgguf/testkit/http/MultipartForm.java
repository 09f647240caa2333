package dev.mlxgguf.testkit.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Builds {@code multipart/form-data} bodies for upload tests, the way browsers and the OpenAI SDKs send them. Field
 * values and file names go in as given (no escaping beyond what a naive client does), so tests can send hostile names.
 * Not thread-safe.
 */
public final class MultipartForm {

    private final String boundary = "----mlxgguf" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /**
     * Adds a text field.
     *
     * @param name  field name
     * @param value its value
     * @return this
     */
    public MultipartForm field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    /**
     * Adds a file.
     *
     * @param name        field name ({@code file})
     * @param fileName    the client's file name
     * @param contentType the part's content type
     * @param bytes       the content
     * @return this
     */
    public MultipartForm file(String name, String fileName, String contentType, byte[] bytes) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(bytes);
        write("\r\n");
        return this;
    }

    /** {@return the Content-Type header value, with the boundary} */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** {@return the whole body, closing boundary included} */
    public byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(body.toByteArray());
        all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return all.toByteArray();
    }

    /** {@return a publisher of {@link #bytes()} for the JDK client} */
    public HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.ofByteArray(bytes());
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
