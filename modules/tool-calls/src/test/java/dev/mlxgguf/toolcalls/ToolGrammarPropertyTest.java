package dev.mlxgguf.toolcalls;

import dev.mlxgguf.grammar.Grammar;
import dev.mlxgguf.grammar.TokenMatcher;
import dev.mlxgguf.grammar.Vocabulary;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.testkit.schema.RandomTools;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grammar writer and the parser of every format agree: random tool sets (object schemas of random
 * properties), random walks through the grammar of {@code required}, a named choice, one call and the lazy
 * {@code auto} tail (after some text) always parse back into calls of callable tools whose arguments validate
 * under the tool's schema (networknt's validator).
 */
class ToolGrammarPropertyTest {

    private static final int TOOL_SETS = 60;
    private static final int MAX_BYTES = 6000;
    private static final Vocabulary BYTES = bytes();

    @ParameterizedTest
    @EnumSource(ToolCallFormat.class)
    void everyWalkParsesIntoValidCalls(ToolCallFormat format) {
        SplittableRandom rnd = new SplittableRandom(format.ordinal() * 7919L + 1);
        RandomTools random = new RandomTools(format.ordinal() + 11L);
        List<String> failures = new ArrayList<>();
        int walked = 0;
        for (int set = 0; set < TOOL_SETS; set++) {
            List<Tool> tools = tools(random);
            for (int mode = 0; mode < 4; mode++) {
                ToolChoice choice = mode == 1 ? ToolChoice.named(tools.get(rnd.nextInt(tools.size())).name())
                        : mode == 3 ? ToolChoice.AUTO : ToolChoice.REQUIRED;
                boolean parallel = mode != 2;
                ToolRequest request = new ToolRequest(format, tools, choice, parallel);
                boolean lazy = choice.mode() == ToolChoice.Mode.AUTO;
                Grammar g = ToolGrammar.compile(request, lazy);
                String walk = walk(g, rnd);
                if (walk == null) {
                    continue;
                }
                walked++;
                if (lazy) {
                    assertTrue(walk.startsWith(format.trigger()), walk);
                }
                String answer = (lazy ? "Let me look that up. " + (format == ToolCallFormat.HARMONY ? "<|channel|>commentary" : "") : "")
                        + walk;
                List<ToolCallEvent> events = parse(format, tools, answer);
                String problem = check(request, events, lazy);
                if (problem != null && failures.size() < 5) {
                    failures.add(format + " " + choice + " parallel=" + parallel + ": " + problem + "\n  " + Jsonp.quote(answer)
                            + "\n  " + events);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(walked > TOOL_SETS * 4 * 0.8, "walks that finished: " + walked);
    }

    private static String check(ToolRequest r, List<ToolCallEvent> events, boolean lazy) {
        List<ToolCallEvent.Call> calls = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (ToolCallEvent e : events) {
            switch (e) {
                case ToolCallEvent.Call c -> calls.add(c);
                case ToolCallEvent.Text t -> text.append(t.text());
                case ToolCallEvent.Reasoning x -> {
                    // Harmony's analysis message before a call
                }
            }
        }
        if (calls.isEmpty()) {
            return "no call";
        }
        if (!r.parallel() && calls.size() != 1) {
            return calls.size() + " calls without parallel_tool_calls";
        }
        String expectedText = lazy ? "Let me look that up. " : "";
        if (!text.toString().strip().equals(expectedText.strip())) {
            return "text " + Jsonp.quote(text.toString());
        }
        for (ToolCallEvent.Call c : calls) {
            if (r.callable().stream().noneMatch(t -> t.name().equals(c.name()))) {
                return "call of " + c.name();
            }
            JsonObject schema = r.tool(c.name()).orElseThrow().parameters();
            var errors = new SchemaValidator(Jsonp.write(schema)).errors(c.arguments());
            if (!errors.isEmpty()) {
                return "arguments " + c.arguments() + " of " + c.name() + ": " + errors;
            }
        }
        return null;
    }

    private static List<ToolCallEvent> parse(ToolCallFormat format, List<Tool> tools, String answer) {
        ToolCallParser p = format.parser(tools);
        List<ToolCallEvent> out = new ArrayList<>();
        // chunks of random sizes, as a stream would bring them
        SplittableRandom rnd = new SplittableRandom(answer.length());
        for (int i = 0; i < answer.length(); ) {
            int n = Math.min(answer.length() - i, 1 + rnd.nextInt(6));
            out.addAll(p.push(answer.substring(i, i + n)));
            i += n;
        }
        out.addAll(p.finish());
        return out;
    }

    private static List<Tool> tools(RandomTools random) {
        List<Tool> tools = new ArrayList<>();
        for (JsonValue v : random.next()) {
            JsonObject fn = v.asJsonObject().getJsonObject("function");
            tools.add(new Tool(fn.getString("name"), fn.getJsonObject("parameters"), fn.getBoolean("strict")));
        }
        return tools;
    }

    /** A random sentence of the grammar, or null if the walk ran too long. */
    private static String walk(Grammar g, SplittableRandom rnd) {
        TokenMatcher m = new TokenMatcher(g, BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < MAX_BYTES) {
            if (m.finished() || (m.complete() && rnd.nextInt(3) == 0)) {
                return out.toString(StandardCharsets.UTF_8);
            }
            long[] allowed = m.allowed();
            List<Integer> bytes = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                if ((allowed[b >>> 6] & (1L << b)) != 0) {
                    bytes.add(b);
                }
            }
            int b = pick(bytes, rnd);
            assertTrue(m.accept(new byte[] {(byte) b}));
            out.write(b);
        }
        return null;
    }

    private static int pick(List<Integer> bytes, SplittableRandom rnd) {
        if (rnd.nextInt(3) == 0) {
            for (int c : new int[] {'<', '"', ']', '}'}) {
                if (bytes.contains(c)) {
                    return c;
                }
            }
        }
        return bytes.get(rnd.nextInt(bytes.size()));
    }

    private static Vocabulary bytes() {
        byte[][] pieces = new byte[257][];
        for (int b = 0; b < 256; b++) {
            pieces[b] = new byte[] {(byte) b};
        }
        pieces[256] = new byte[0];
        return new Vocabulary(pieces, new int[] {256});
    }
}
