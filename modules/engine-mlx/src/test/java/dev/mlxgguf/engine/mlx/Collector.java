package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.TokenChunk;
import dev.mlxgguf.engine.spi.TokenSink;

import java.util.ArrayList;
import java.util.List;

/** Collects chunks; optionally refuses after a number of pushes. */
class Collector implements TokenSink {
    final List<TokenChunk> chunks = new ArrayList<>();
    private final int acceptPushes;

    Collector() {
        this(Integer.MAX_VALUE);
    }

    Collector(int acceptPushes) {
        this.acceptPushes = acceptPushes;
    }

    @Override
    public boolean push(TokenChunk chunk) {
        chunks.add(chunk);
        return chunks.size() < acceptPushes;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        chunks.forEach(c -> b.append(c.text()));
        return b.toString();
    }

    int tokens() {
        return chunks.stream().mapToInt(TokenChunk::tokens).sum();
    }
}
