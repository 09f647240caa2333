package dev.mlxgguf.engine.support.contract;

import dev.mlxgguf.api.TokenChunk;
import dev.mlxgguf.engine.spi.TokenSink;

import java.util.ArrayList;
import java.util.List;

/** A test sink: collects chunks, and optionally refuses the push that reaches a count. */
public class Collector implements TokenSink {
    private final List<TokenChunk> chunks = new ArrayList<>();
    private final int acceptPushes;

    /** Accepts everything. */
    public Collector() {
        this(Integer.MAX_VALUE);
    }

    /** @param acceptPushes the push that returns false */
    public Collector(int acceptPushes) {
        this.acceptPushes = acceptPushes;
    }

    @Override
    public boolean push(TokenChunk chunk) {
        chunks.add(chunk);
        return chunks.size() < acceptPushes;
    }

    /** {@return the chunks so far (live)} */
    public List<TokenChunk> chunks() {
        return chunks;
    }

    /** {@return the text so far} */
    public String text() {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> b.append(c.text()));
        return b.toString();
    }

    /** {@return the tokens reported so far} */
    public int tokens() {
        return chunks.stream().mapToInt(TokenChunk::tokens).sum();
    }
}
