package dev.mlxgguf.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body that fails with {@link JsonBodies.PayloadTooLargeException} as soon as more than {@code limit} bytes
 * were read: a chunked upload cannot grow past the limit, whatever it declares. Not thread-safe.
 */
public final class LimitedBody extends FilterInputStream {

    private final long limit;
    private long count;

    public LimitedBody(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            add(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(long n) {
        count += n;
        if (count > limit) {
            throw new JsonBodies.PayloadTooLargeException("the request body exceeds the limit of " + limit + " bytes");
        }
    }
}
