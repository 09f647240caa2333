package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.engine.spi.KvState;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A decoder whose logits rank a script's next token first, then the given fallbacks, then everything else. */
final class ScriptedDecoder implements Decoder {

    static final int END = 256;
    /** "</think>X": closes the block, then text the grammar rejects. */
    static final int CLOSE_THEN_X = 257;
    /** "</think>{". */
    static final int CLOSE_THEN_BRACE = 258;

    private final int[] script;
    private final int[] fallbacks;
    private int at;

    ScriptedDecoder(int[] script, int... fallbacks) {
        this.script = script;
        this.fallbacks = fallbacks;
    }

    @Override
    public Limits limits() {
        return new Limits(512, 259, 64);
    }

    @Override
    public KvState kvState() {
        return new KvState() {
            @Override
            public void clear() {
            }

            @Override
            public boolean truncate(int keep) {
                return false;
            }

            @Override
            public ByteBuffer save(int tokens) {
                return ByteBuffer.allocateDirect(0);
            }

            @Override
            public boolean restore(ByteBuffer state, int tokens) {
                return false;
            }
        };
    }

    @Override
    public void threads(int threads) {
    }

    @Override
    public void prefill(int[] tokens, int from, int count, boolean wantLogits) {
    }

    @Override
    public void decode(int token, int position) {
    }

    @Override
    public TokenSampler sampler(GenerationRequest request, int[] prompt) {
        return new TokenSampler() {
            @Override
            public int next(long[] allowed) {
                int want = at < script.length ? script[at] : END;
                at++;
                if (ok(allowed, want)) {
                    return want;
                }
                for (int f : fallbacks) {
                    if (ok(allowed, f)) {
                        return f;
                    }
                }
                for (int t = 0; t < 259; t++) {
                    if (ok(allowed, t)) {
                        return t;
                    }
                }
                throw new AssertionError("nothing allowed");
            }

            @Override
            public void close() {
            }
        };
    }

    private static boolean ok(long[] allowed, int t) {
        return allowed == null || (allowed[t >>> 6] & (1L << t)) != 0;
    }

    @Override
    public byte[] piece(int token, boolean leading) {
        return switch (token) {
            case END -> new byte[0];
            case CLOSE_THEN_X -> "</think>X".getBytes(StandardCharsets.UTF_8);
            case CLOSE_THEN_BRACE -> "</think>{".getBytes(StandardCharsets.UTF_8);
            default -> new byte[] {(byte) token};
        };
    }

    @Override
    public boolean endOfGeneration(int token) {
        return token == END;
    }
}
