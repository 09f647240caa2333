package dev.mlxgguf.engine.support.generation;

import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationRequest;
import dev.mlxgguf.api.OutputConstraint;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.support.contract.Collector;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.toolcalls.Tool;
import dev.mlxgguf.toolcalls.ToolCallFormat;
import dev.mlxgguf.toolcalls.ToolChoice;
import dev.mlxgguf.toolcalls.ToolRequest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The tool-call constraint on a scripted byte-level model (it always prefers the next token of a script):
 * {@code required} holds from the first token, {@code auto} leaves text free and holds from the format's marker
 * on, {@code none} never lets the marker be completed.
 */
class ToolCallConstraintTest {

    private static final List<Tool> TOOLS = List.of(new Tool("f", Jsonp.parseObject(
            "{\"type\": \"object\", \"properties\": {\"n\": {\"type\": \"integer\"}}, \"required\": [\"n\"]}"), true));

    private static String run(ToolChoice choice, String script, int maxTokens) {
        OutputConstraint c = new OutputConstraint(OutputConstraint.Kind.TOOL_CALLS,
                new ToolRequest(ToolCallFormat.HERMES, TOOLS, choice, false).toJson());
        Collector out = new Collector();
        GenerationRequest r = new GenerationRequest("r", new Prompt.Text("p"), SamplingParams.builder().temperature(0).build(),
                maxTokens, List.of(), 1).withConstraint(c);
        var outcome = new Generation(new ScriptedDecoder(script.chars().toArray(), '9', '}', '\n', '<', '/', 't', 'o', 'l',
                '_', 'c', 'a', '>'), 1).run(new int[] {1, 2}, r, out, false);
        assertThat(outcome.result().finishReason(), is(FinishReason.STOP));
        return out.text();
    }

    @Test
    void requiredHoldsFromTheStart() {
        String text = run(ToolChoice.REQUIRED, "Sure! Let me", 200);
        assertThat(text, text.matches("<tool_call>\n\\{\"name\": \"f\", \"arguments\": \\{\\s*\"n\"\\s*:\\s*-?\\d+\\s*}}\n</tool_call>"),
                is(true));
    }

    @Test
    void autoIsFreeUntilTheMarkerAndValidAfterIt() {
        String text = run(ToolChoice.AUTO, "Sure.<tool_call>\n{\"name\": \"g\", \"x\": 1}", 200);
        assertThat(text, text.startsWith("Sure.<tool_call>\n{\"name\": \"f\", \"arguments\": {"), is(true));
        assertThat(text, text.endsWith("}}\n</tool_call>"), is(true));
        assertThat(run(ToolChoice.AUTO, "No call needed.", 200), is("No call needed."));
    }

    @Test
    void noneNeverCompletesTheMarker() {
        String text = run(ToolChoice.NONE, "Sure.<tool_call>{}", 40);
        assertThat(text, text.contains("<tool_call>"), is(false));
        assertThat(text, text.startsWith("Sure.<tool_call"), is(true));
    }
}
