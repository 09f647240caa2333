package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.spi.KvState;
import dev.mlxgguf.engine.support.contract.Collector;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The constraint of a prompt that leaves a reasoning block open starts after {@code </think>}: a scripted model
 * (it always prefers the next token of a script) thinks freely, may not end inside its reasoning, may not close
 * it with a token that goes on against the grammar, and follows the grammar after it.
 */
class ReasoningConstraintTest {

    private static final int END = 256;
    private static final int CLOSE_THEN_X = 257;   // "</think>X": closes the block, then text the grammar rejects
    private static final int CLOSE_THEN_BRACE = 258; // "</think>{"
    private static final OutputConstraint GRAMMAR = new OutputConstraint(OutputConstraint.Kind.GBNF, "root ::= \"{\" [a-z]* \"}\"");

    /** A decoder whose logits rank a script's next token first, then the given fallbacks, then everything else. */
    private static final class Scripted implements Decoder {
        private final int[] script;
        private final int[] fallbacks;
        private int at;

        Scripted(int[] script, int... fallbacks) {
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

    private static int[] bytes(String s) {
        return s.chars().toArray();
    }

    private static String run(Scripted d, boolean reasoningOpen) {
        Collector out = new Collector();
        GenerationRequest r = new GenerationRequest("r", new Prompt.Text("p"), SamplingParams.builder().temperature(0).build(),
                40, List.of(), 1).withConstraint(GRAMMAR);
        var outcome = new Generation(d, 1).run(new int[] {1, 2}, r, out, reasoningOpen);
        assertThat(outcome.result().finishReason(), is(FinishReason.STOP));
        return out.text();
    }

    @Test
    void reasoningIsFreeAndTheGrammarStartsAfterIt() {
        int[] script = concat(bytes("hmm, X?"), new int[] {CLOSE_THEN_BRACE}, bytes("ab}"));
        assertThat(run(new Scripted(script), true), is("hmm, X?</think>{ab}"));
    }

    @Test
    void theModelCannotEndInsideItsReasoning() {
        int[] script = concat(new int[] {END}, bytes("ok}"));
        assertThat(run(new Scripted(script, CLOSE_THEN_BRACE), true), is("</think>{ok}"));
    }

    @Test
    void norCloseItWithTextTheGrammarRejects() {
        int[] script = concat(bytes("h"), new int[] {CLOSE_THEN_X}, bytes("ok}"));
        assertThat(run(new Scripted(script, CLOSE_THEN_BRACE), true), is("h</think>{ok}"));
    }

    @Test
    void withoutAnOpenBlockTheGrammarHoldsFromTheStart() {
        int[] script = concat(bytes("hmm"), new int[] {CLOSE_THEN_BRACE});
        String text = run(new Scripted(script, '{', '}'), false);
        assertThat(text, text.matches("\\{[a-z]*}"), is(true));
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }
}
