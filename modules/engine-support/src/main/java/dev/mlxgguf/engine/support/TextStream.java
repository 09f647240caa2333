package dev.mlxgguf.engine.support;

import dev.mlxgguf.api.TokenChunk;
import dev.mlxgguf.engine.spi.TokenSink;

import java.util.List;

/**
 * Turns the byte pieces of generated tokens into sink pushes: UTF-8 assembly, stop-string hold-back,
 * and per-chunk token counts. Every engine's generation loop feeds it one piece per token.
 * Not thread-safe: one per generation, used on the generating thread.
 */
public final class TextStream {

    /** What the generation loop should do after a token. */
    public enum Step {
        /** Keep generating. */
        CONTINUE,
        /** A stop string matched: finish with {@code stop}. */
        STOPPED,
        /** The sink asked to stop: finish with {@code cancelled}. */
        CANCELLED
    }

    private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
    private final StopStringMatcher stops;
    private final TokenSink sink;
    private int unreportedTokens;

    /**
     * Creates a stream.
     *
     * @param stopStrings stop strings of the request
     * @param sink        where text goes
     */
    public TextStream(List<String> stopStrings, TokenSink sink) {
        this.stops = new StopStringMatcher(stopStrings);
        this.sink = sink;
    }

    /**
     * Takes the bytes of one generated token (an end-of-generation token passes an empty piece).
     *
     * @param piece the token's bytes
     * @return what to do next
     */
    public Step acceptToken(byte[] piece) {
        unreportedTokens++;
        String text = utf8.accept(piece);
        StopStringMatcher.Result r = stops.accept(text);
        if (!r.emit().isEmpty() && !push(r.emit())) {
            return Step.CANCELLED;
        }
        if (r.stopped()) {
            return Step.STOPPED;
        }
        return sink.keepGoing() ? Step.CONTINUE : Step.CANCELLED;
    }

    /**
     * Ends the stream after end-of-generation or the token limit: releases held-back text (an
     * incomplete trailing character becomes U+FFFD).
     *
     * @return false if the sink refused the last text
     */
    public boolean finish() {
        if (stops.stopped()) {
            return true;
        }
        StopStringMatcher.Result last = stops.accept(utf8.finish());
        String tail = last.emit() + stops.flush();
        return tail.isEmpty() || push(tail);
    }

    private boolean push(String text) {
        int tokens = unreportedTokens;
        unreportedTokens = 0;
        return sink.push(new TokenChunk(text, tokens));
    }
}
