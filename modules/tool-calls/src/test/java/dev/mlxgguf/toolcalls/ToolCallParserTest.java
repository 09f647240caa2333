package dev.mlxgguf.toolcalls;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A corpus of model outputs per format (single and parallel calls, text before, malformed calls, no call):
 * every split of the text into two chunks, and the text pushed one character at a time, give the same events.
 */
class ToolCallParserTest {

    private static ToolCallEvent.Call call(String name, String args) {
        return new ToolCallEvent.Call(name, args);
    }

    private static ToolCallEvent.Text text(String t) {
        return new ToolCallEvent.Text(t);
    }

    private static List<ToolCallEvent> run(ToolCallFormat f, List<String> chunks) {
        ToolCallParser p = f.parser();
        List<ToolCallEvent> out = new ArrayList<>();
        for (String c : chunks) {
            out.addAll(p.push(c));
        }
        out.addAll(p.finish());
        // adjacent texts are one text whatever the chunking
        List<ToolCallEvent> merged = new ArrayList<>();
        for (ToolCallEvent e : out) {
            if (e instanceof ToolCallEvent.Text t && !merged.isEmpty() && merged.getLast() instanceof ToolCallEvent.Text u) {
                merged.set(merged.size() - 1, text(u.text() + t.text()));
            } else {
                merged.add(e);
            }
        }
        return merged;
    }

    private static void check(ToolCallFormat f, String output, List<ToolCallEvent> expected) {
        assertThat(f + " whole: " + output, run(f, List.of(output)), is(expected));
        for (int i = 0; i <= output.length(); i++) {
            assertThat(f + " split at " + i + ": " + output, run(f, List.of(output.substring(0, i), output.substring(i))), is(expected));
        }
        assertThat(f + " by characters: " + output, run(f, output.chars().mapToObj(c -> String.valueOf((char) c)).toList()), is(expected));
    }

    @Test
    void hermes() {
        ToolCallFormat f = ToolCallFormat.HERMES;
        check(f, "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n</tool_call>",
                List.of(call("get_weather", "{\"city\":\"Oslo\"}")));
        check(f, "Let me check.<tool_call>{\"name\": \"a\", \"arguments\": {}}</tool_call>\n<tool_call>{\"name\": \"b\", "
                + "\"arguments\": \"{\\\"x\\\": 1}\"}</tool_call>", List.of(text("Let me check."), call("a", "{}"), text("\n"),
                call("b", "{\"x\":1}")));
        check(f, "<tool_call>{\"name\": \"a\", \"arguments\": {\"k\": [1, 2]}}", List.of(call("a", "{\"k\":[1,2]}")));
        check(f, "oops <tool_call>{\"name\": 5}</tool_call> <tool_", List.of(text("oops <tool_call>{\"name\": 5}</tool_call> <tool_")));
        check(f, "a < b and <tool but no call", List.of(text("a < b and <tool but no call")));
    }

    @Test
    void mistral() {
        ToolCallFormat f = ToolCallFormat.MISTRAL;
        check(f, "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {\"q\": \"x\"}}, {\"name\": \"b\", \"arguments\": {}}]",
                List.of(call("a", "{\"q\":\"x\"}"), call("b", "{}")));
        check(f, "Sure. [TOOL_CALLS][{\"name\": \"a\", \"arguments\": {}}]", List.of(text("Sure. "), call("a", "{}")));
        check(f, "[TOOL_CALLS][{\"name\": \"a\", \"argu", List.of(text("[TOOL_CALLS][{\"name\": \"a\", \"argu")));
        check(f, "no [TOOL calls here", List.of(text("no [TOOL calls here")));
    }

    @Test
    void llama3() {
        ToolCallFormat f = ToolCallFormat.LLAMA3;
        check(f, "{\"name\": \"get_time\", \"parameters\": {\"tz\": \"UTC\"}}", List.of(call("get_time", "{\"tz\":\"UTC\"}")));
        check(f, "<|python_tag|>{\"name\": \"a\", \"parameters\": {}}; {\"name\": \"b\", \"parameters\": {\"n\": 2}}",
                List.of(call("a", "{}"), call("b", "{\"n\":2}")));
        check(f, "  {\"name\": \"x; y\", \"parameters\": {\"s\": \"a;b\"}}", List.of(call("x; y", "{\"s\":\"a;b\"}")));
        check(f, "The answer is 4.", List.of(text("The answer is 4.")));
        check(f, "{\"name\": \"a\", \"parameters\": ", List.of(text("{\"name\": \"a\", \"parameters\": ")));
    }

    @Test
    void generic() {
        ToolCallFormat f = ToolCallFormat.GENERIC;
        check(f, "{\"tool_calls\": [{\"name\": \"a\", \"arguments\": {\"z\": null}}]}", List.of(call("a", "{\"z\":null}")));
        check(f, "{\"answer\": 1}", List.of(text("{\"answer\": 1}")));
        check(f, "plain", List.of(text("plain")));
    }

    @Test
    void formatsAreDetectedFromTheirTemplatesAndNamed() {
        assertThat(ToolCallFormat.detect("{% for tool in tools %}<tools>{{ tool | tojson }}</tools>{% endfor %} "
                + "<tool_call>\\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\\n</tool_call>"), is(ToolCallFormat.HERMES));
        assertThat(ToolCallFormat.detect("{{ '[AVAILABLE_TOOLS]' }}{{ '[TOOL_CALLS]' }}"), is(ToolCallFormat.MISTRAL));
        assertThat(ToolCallFormat.detect("<|start_header_id|>ipython<|end_header_id|><|python_tag|>"), is(ToolCallFormat.LLAMA3));
        assertThat(ToolCallFormat.detect("{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}"), is(ToolCallFormat.GENERIC));
        assertThat(ToolCallFormat.named("Hermes").orElseThrow(), is(ToolCallFormat.HERMES));
        assertThat(ToolCallFormat.named("nope").isPresent(), is(false));
    }
}
