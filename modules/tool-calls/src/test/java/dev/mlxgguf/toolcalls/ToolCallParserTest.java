package dev.mlxgguf.toolcalls;

import dev.mlxgguf.json.Jsonp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A corpus of model outputs per format (single and parallel calls, text before, malformed calls, no call):
 * every split of the text into two chunks, and the text pushed one character at a time, give the same events.
 */
class ToolCallParserTest {

    private static final List<Tool> TOOLS = List.of(
            new Tool("get_weather", Jsonp.parseObject("{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}, "
                    + "\"days\": {\"type\": \"integer\"}}}"), false));

    private static ToolCallEvent.Call call(String name, String args, String id) {
        return new ToolCallEvent.Call(name, args, id);
    }

    private static ToolCallEvent.Call call(String name, String args) {
        return new ToolCallEvent.Call(name, args);
    }

    private static ToolCallEvent.Text text(String t) {
        return new ToolCallEvent.Text(t);
    }

    private static List<ToolCallEvent> run(ToolCallFormat f, List<String> chunks) {
        ToolCallParser p = f.parser(TOOLS);
        List<ToolCallEvent> out = new ArrayList<>();
        for (String c : chunks) {
            out.addAll(p.push(c));
        }
        out.addAll(p.finish());
        // adjacent texts (and reasoning) are one whatever the chunking
        List<ToolCallEvent> merged = new ArrayList<>();
        for (ToolCallEvent e : out) {
            if (e instanceof ToolCallEvent.Text t && !merged.isEmpty() && merged.getLast() instanceof ToolCallEvent.Text u) {
                merged.set(merged.size() - 1, text(u.text() + t.text()));
            } else if (e instanceof ToolCallEvent.Reasoning t && !merged.isEmpty() && merged.getLast() instanceof ToolCallEvent.Reasoning u) {
                merged.set(merged.size() - 1, new ToolCallEvent.Reasoning(u.text() + t.text()));
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
        check(f, "<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>\n<tool_call>\n{\"name\": \"b\"", List.of(call("a", "{}"),
                text("\n<tool_call>\n{\"name\": \"b\"")));
        check(f, "oops <tool_call>{\"name\": 5}</tool_call> <tool_", List.of(text("oops <tool_call>{\"name\": 5}</tool_call> <tool_")));
        check(f, "a < b and <tool but no call", List.of(text("a < b and <tool but no call")));
    }

    @Test
    void mistral() {
        ToolCallFormat f = ToolCallFormat.MISTRAL;
        check(f, "[TOOL_CALLS][{\"name\": \"a\", \"arguments\": {\"q\": \"x\"}, \"id\": \"abcDEF123\"}, {\"name\": \"b\", \"arguments\": {}}]",
                List.of(call("a", "{\"q\":\"x\"}", "abcDEF123"), call("b", "{}")));
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
        check(f, "  {\"name\": \"x; y\", \"parameters\": {\"s\": \"a;b\"}}", List.of(text("  "), call("x; y", "{\"s\":\"a;b\"}")));
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
    void qwen3Coder() {
        ToolCallFormat f = ToolCallFormat.QWEN3_CODER;
        check(f, "<tool_call>\n<function=get_weather>\n<parameter=city>\nNew York\n</parameter>\n<parameter=days>\n3\n"
                + "</parameter>\n</function>\n</tool_call>", List.of(call("get_weather", "{\"city\":\"New York\",\"days\":3}")));
        check(f, "Checking.\n<tool_call>\n<function=other>\n<parameter=x>\n[1, 2]\n</parameter>\n</function>\n</tool_call>"
                + "<tool_call>\n<function=get_weather>\n</function>\n</tool_call>",
                List.of(text("Checking.\n"), call("other", "{\"x\":[1,2]}"), call("get_weather", "{}")));
        check(f, "<tool_call>\n<function=get_weather>\n<parameter=city>Oslo</function></tool_call>",
                List.of(text("<tool_call>\n<function=get_weather>\n<parameter=city>Oslo</function></tool_call>")));
    }

    @Test
    void glm() {
        ToolCallFormat f = ToolCallFormat.GLM;
        check(f, "<tool_call>get_weather\n<arg_key>city</arg_key>\n<arg_value>Beijing</arg_value>\n<arg_key>days</arg_key>\n"
                + "<arg_value>2</arg_value>\n</tool_call>", List.of(call("get_weather", "{\"city\":\"Beijing\",\"days\":2}")));
        check(f, "ok<tool_call>get_weather\n</tool_call>", List.of(text("ok"), call("get_weather", "{}")));
    }

    @Test
    void minimax() {
        ToolCallFormat f = ToolCallFormat.MINIMAX;
        check(f, "<minimax:tool_call>\n<invoke name=\"get_weather\">\n<parameter name=\"city\">Paris</parameter>\n</invoke>\n"
                + "<invoke name=\"get_weather\">\n<parameter name=\"days\">4</parameter>\n</invoke>\n</minimax:tool_call>",
                List.of(call("get_weather", "{\"city\":\"Paris\"}"), call("get_weather", "{\"days\":4}")));
        check(f, "<minimax:tool_call>\n<invoke name=\"x\">broken</minimax:tool_call>",
                List.of(text("<minimax:tool_call>\n<invoke name=\"x\">broken</minimax:tool_call>")));
    }

    @Test
    void gemma() {
        ToolCallFormat f = ToolCallFormat.GEMMA;
        check(f, "<start_function_call>call:get_weather{city:<escape>London, UK<escape>,days:5}<end_function_call>",
                List.of(call("get_weather", "{\"city\":\"London, UK\",\"days\":5}")));
        check(f, "<start_function_call>call:f{}<end_function_call><start_function_call>call:g{a:[1,2],b:{\"c\":true}}"
                + "<end_function_call>", List.of(call("f", "{}"), call("g", "{\"a\":[1,2],\"b\":{\"c\":true}}")));
        check(f, "<start_function_call>call:f{a:}<end_function_call>", List.of(text("<start_function_call>call:f{a:}<end_function_call>")));
    }

    @Test
    void deepseek() {
        ToolCallFormat f = ToolCallFormat.DEEPSEEK;
        check(f, "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"Tokyo\"}\n```"
                + "<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>b\n```json\n{}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
                List.of(call("get_weather", "{\"city\":\"Tokyo\"}"), call("b", "{}")));
        check(f, "Let me see.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>a<｜tool▁sep｜>{\"n\": 1}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
                List.of(text("Let me see."), call("a", "{\"n\":1}")));
    }

    @Test
    void kimi() {
        ToolCallFormat f = ToolCallFormat.KIMI_K2;
        check(f, "<|tool_calls_section_begin|><|tool_call_begin|>functions.get_weather:0<|tool_call_argument_begin|>{\"city\": \"Rome\"}"
                + "<|tool_call_end|><|tool_call_begin|>functions.b:1<|tool_call_argument_begin|>{}<|tool_call_end|><|tool_calls_section_end|>",
                List.of(call("get_weather", "{\"city\":\"Rome\"}", "functions.get_weather:0"), call("b", "{}", "functions.b:1")));
    }

    @Test
    void commandR() {
        ToolCallFormat f = ToolCallFormat.COMMAND_R;
        check(f, "<|START_ACTION|>[\n    {\"tool_call_id\": \"0\", \"tool_name\": \"get_weather\", \"parameters\": {\"city\": \"Lima\"}}\n]"
                + "<|END_ACTION|>", List.of(call("get_weather", "{\"city\":\"Lima\"}", "0")));
    }

    @Test
    void granite() {
        ToolCallFormat f = ToolCallFormat.GRANITE;
        check(f, "<|tool_call|>[{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}, {\"name\": \"b\", "
                + "\"arguments\": {}}]", List.of(call("get_weather", "{\"city\":\"Oslo\"}"), call("b", "{}")));
    }

    @Test
    void functionary() {
        ToolCallFormat f = ToolCallFormat.FUNCTIONARY;
        check(f, ">>>get_weather\n{\"city\": \"Oslo\"}>>>b\n{}", List.of(call("get_weather", "{\"city\":\"Oslo\"}"), call("b", "{}")));
        check(f, ">>>all\nHello there.>>>b\n{}", List.of(text("Hello there."), call("b", "{}")));
    }

    @Test
    void harmony() {
        ToolCallFormat f = ToolCallFormat.HARMONY;
        check(f, "<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant<|channel|>commentary to=functions.get_weather "
                + "<|constrain|>json<|message|>{\"city\": \"Oslo\"}<|call|>",
                List.of(new ToolCallEvent.Reasoning("Need weather."), call("get_weather", "{\"city\":\"Oslo\"}")));
        check(f, "<|channel|>final<|message|>It is sunny.<|return|>", List.of(text("It is sunny.")));
        check(f, "plain text", List.of(text("plain text")));
    }

    @Test
    void reasoningIsSplitOffBeforeCalls() {
        for (String answer : List.of("<think>\nhmm <tool_call> no\n</think>\n\n<tool_call>\n{\"name\": \"a\", \"arguments\": {}}\n</tool_call>")) {
            for (int i = 0; i <= answer.length(); i++) {
                AnswerParser p = new AnswerParser(ReasoningFormat.THINK, false, Optional.of(ToolCallFormat.HERMES.parser(TOOLS)));
                List<ToolCallEvent> out = new ArrayList<>(p.push(answer.substring(0, i)));
                out.addAll(p.push(answer.substring(i)));
                out.addAll(p.finish());
                String reasoning = out.stream().filter(e -> e instanceof ToolCallEvent.Reasoning)
                        .map(e -> ((ToolCallEvent.Reasoning) e).text()).reduce("", String::concat);
                assertThat("split at " + i, reasoning, is("\nhmm <tool_call> no\n"));
                assertThat("split at " + i, out.stream().filter(e -> !(e instanceof ToolCallEvent.Reasoning)).toList(),
                        is(List.of(call("a", "{}"))));
            }
        }
        AnswerParser open = new AnswerParser(ReasoningFormat.THINK, true, Optional.empty());
        List<ToolCallEvent> out = new ArrayList<>(open.push("still thinking</thi"));
        out.addAll(open.push("nk>Answer"));
        out.addAll(open.finish());
        assertThat(out, is(List.of(new ToolCallEvent.Reasoning("still thinking"), text("Answer"))));
    }

    @Test
    void formatsAreDetectedFromTheirTemplatesAndNamed() {
        assertThat(ToolCallFormat.detect("{% for tool in tools %}<tools>{{ tool | tojson }}</tools>{% endfor %} "
                + "<tool_call>\\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\\n</tool_call>"), is(ToolCallFormat.HERMES));
        assertThat(ToolCallFormat.detect("{{ '[AVAILABLE_TOOLS]' }}{{ '[TOOL_CALLS]' }}"), is(ToolCallFormat.MISTRAL));
        assertThat(ToolCallFormat.detect("<|start_header_id|>ipython<|end_header_id|><|python_tag|>"), is(ToolCallFormat.LLAMA3));
        assertThat(ToolCallFormat.detect("{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}"), is(ToolCallFormat.GENERIC));
        for (var e : java.util.Map.of("qwen2.5", ToolCallFormat.HERMES, "qwen3", ToolCallFormat.HERMES, "qwen3-coder",
                ToolCallFormat.QWEN3_CODER, "mistral-nemo", ToolCallFormat.MISTRAL, "llama3.1-tools", ToolCallFormat.LLAMA3,
                "deepseek-v3", ToolCallFormat.DEEPSEEK, "gpt-oss", ToolCallFormat.HARMONY, "granite-3.1", ToolCallFormat.GRANITE,
                "hermes2-pro-tools", ToolCallFormat.HERMES, "chatml", ToolCallFormat.GENERIC).entrySet()) {
            assertThat(e.getKey(), ToolCallFormat.detect(dev.mlxgguf.testkit.ChatTemplateSources.source(e.getKey())), is(e.getValue()));
        }
        assertThat(ReasoningFormat.detect(dev.mlxgguf.testkit.ChatTemplateSources.source("qwen3")), is(ReasoningFormat.THINK));
        assertThat(ReasoningFormat.detect(dev.mlxgguf.testkit.ChatTemplateSources.source("qwen2.5")), is(ReasoningFormat.NONE));
        assertThat(ToolCallFormat.named("Hermes").orElseThrow(), is(ToolCallFormat.HERMES));
        assertThat(ToolCallFormat.named("nope").isPresent(), is(false));
    }
}
