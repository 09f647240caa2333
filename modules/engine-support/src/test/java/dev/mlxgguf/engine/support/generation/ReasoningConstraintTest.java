package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.support.contract.Collector;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The constraint of a prompt that leaves a reasoning block open starts after {@code </think>}: a scripted model
 * (it always prefers the next token of a script) thinks freely, may not end inside its reasoning, may not close
 * it with a token that goes on against the grammar, and follows the grammar after it.
 */
class ReasoningConstraintTest {

    private static final int END = ScriptedDecoder.END;
    private static final int CLOSE_THEN_X = ScriptedDecoder.CLOSE_THEN_X;
    private static final int CLOSE_THEN_BRACE = ScriptedDecoder.CLOSE_THEN_BRACE;
    private static final OutputConstraint GRAMMAR = new OutputConstraint(OutputConstraint.Kind.GBNF, "root ::= \"{\" [a-z]* \"}\"");

    private static int[] bytes(String s) {
        return s.chars().toArray();
    }

    private static String run(ScriptedDecoder d, boolean reasoningOpen) {
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
        assertThat(run(new ScriptedDecoder(script), true), is("hmm, X?</think>{ab}"));
    }

    @Test
    void theModelCannotEndInsideItsReasoning() {
        int[] script = concat(new int[] {END}, bytes("ok}"));
        assertThat(run(new ScriptedDecoder(script, CLOSE_THEN_BRACE), true), is("</think>{ok}"));
    }

    @Test
    void norCloseItWithTextTheGrammarRejects() {
        int[] script = concat(bytes("h"), new int[] {CLOSE_THEN_X}, bytes("ok}"));
        assertThat(run(new ScriptedDecoder(script, CLOSE_THEN_BRACE), true), is("h</think>{ok}"));
    }

    @Test
    void withoutAnOpenBlockTheGrammarHoldsFromTheStart() {
        int[] script = concat(bytes("hmm"), new int[] {CLOSE_THEN_BRACE});
        String text = run(new ScriptedDecoder(script, '{', '}'), false);
        assertThat(text, text.matches("\\{[a-z]*}"), is(true));
    }

    private static int[] concat(int[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
    }
}
