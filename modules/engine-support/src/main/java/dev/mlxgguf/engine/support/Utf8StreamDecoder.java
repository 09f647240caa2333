package dev.mlxgguf.engine.support;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 that arrives in arbitrary byte pieces (token pieces split multi-byte characters)
 * into whole characters. Incomplete trailing sequences are held until the next piece; invalid bytes
 * become U+FFFD. Not thread-safe: one instance per generation.
 */
public final class Utf8StreamDecoder {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(64);

    /**
     * Adds bytes and returns the characters they complete.
     *
     * @param bytes  source array
     * @param offset start
     * @param length byte count
     * @return the decoded text, possibly empty
     */
    public String accept(byte[] bytes, int offset, int length) {
        if (pending.remaining() < length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + length));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(bytes, offset, length);
        return drain(false);
    }

    /**
     * Adds bytes and returns the characters they complete.
     *
     * @param bytes the bytes
     * @return the decoded text, possibly empty
     */
    public String accept(byte[] bytes) {
        return accept(bytes, 0, bytes.length);
    }

    /** {@return whatever is left, with an incomplete trailing sequence replaced by U+FFFD} */
    public String finish() {
        String s = drain(true);
        decoder.reset();
        return s;
    }

    /** {@return true when bytes of an incomplete character are held back} */
    public boolean hasPending() {
        return pending.position() > 0;
    }

    private String drain(boolean endOfInput) {
        pending.flip();
        CharBuffer out = CharBuffer.allocate(pending.remaining() + 2);
        decoder.decode(pending, out, endOfInput);
        if (endOfInput) {
            decoder.flush(out);
        }
        pending.compact();
        out.flip();
        return out.toString();
    }
}
