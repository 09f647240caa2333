package dev.mlxgguf.toolcalls;

import dev.mlxgguf.grammar.Grammar;
import dev.mlxgguf.grammar.JsonSchemaGrammar;
import dev.mlxgguf.grammar.TokenMatcher;
import dev.mlxgguf.grammar.Vocabulary;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures (logs, does not assert a speed) the per-step cost of the allowed-token mask for a Hermes tool call
 * ({@code tool_choice: required}) whose parameters are an object schema, against the same schema as a
 * {@code response_format} in the same run, on a vocabulary of Qwen2.5's size (as grammar's {@code MaskingBench}).
 * A benchmark: run with {@code -Dsurefire.excludedGroups= -Dgroups=bench}.
 */
@Tag("bench")
class ToolMaskingBench {

    private static final int VOCAB = 151_936;
    private static final String SCHEMA = "{\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}, "
            + "\"year\": {\"type\": \"integer\", \"minimum\": 1900, \"maximum\": 2100}, \"notes\": {\"type\": \"string\"}}, "
            + "\"required\": [\"title\", \"year\", \"notes\"], \"additionalProperties\": false}";

    @Test
    void allowedTokensPerStep() {
        byte[][] pieces = new byte[VOCAB][];
        for (int t = 0; t < 256; t++) {
            pieces[t] = new byte[] {(byte) t};
        }
        for (int t = 256; t < VOCAB; t++) {
            pieces[t] = (" w" + t).getBytes(StandardCharsets.UTF_8);
        }
        Vocabulary v = new Vocabulary(pieces, new int[] {VOCAB - 1});
        JsonObject schema = Jsonp.parseObject(SCHEMA);
        Grammar object = JsonSchemaGrammar.compile(schema);
        List<Tool> tools = List.of(new Tool("lookup", schema, true), new Tool("other", Jsonp.parseObject("{}"), false));
        long c0 = System.nanoTime();
        Grammar calls = ToolGrammar.compile(new ToolRequest(ToolCallFormat.HERMES, tools, ToolChoice.REQUIRED, true), false);
        System.out.printf("tool grammar compiled in %.1f ms%n", (System.nanoTime() - c0) / 1e6);
        for (int round = 0; round < 3; round++) {
            double base = measure("response_format object schema", object, new String[] {"{", "\"title\"", ":", " \""}, pieces, v);
            double tool = measure("hermes tool call, same schema", calls, new String[] {"<tool_call>\n{\"name\": \"lookup\", "
                    + "\"arguments\": ", "{", "\"title\"", ":", " \""}, pieces, v);
            System.out.printf("ratio tool call / response_format: %.2f%n", tool / base);
        }
    }

    private static double measure(String what, Grammar g, String[] opening, byte[][] pieces, Vocabulary v) {
        TokenMatcher m = new TokenMatcher(g, v);
        long total = 0;
        int steps = 0;
        for (int i = 0; i < opening.length + 128; i++) {
            long s = System.nanoTime();
            m.allowed();
            total += System.nanoTime() - s;
            steps++;
            byte[] next = i < opening.length ? opening[i].getBytes(StandardCharsets.UTF_8) : pieces[300 + i * 7];
            assertTrue(m.accept(next));
        }
        double mean = total / 1e3 / steps;
        System.out.printf("%s: %d steps, mean %.1f us%n", what, steps, mean);
        return mean;
    }
}
