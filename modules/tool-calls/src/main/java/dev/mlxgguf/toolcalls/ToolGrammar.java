package dev.mlxgguf.toolcalls;

import dev.mlxgguf.grammar.CodePoints;
import dev.mlxgguf.grammar.Expr;
import dev.mlxgguf.grammar.Grammar;
import dev.mlxgguf.grammar.GrammarException;
import dev.mlxgguf.grammar.JsonSchemaGrammar;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The grammar of a request's tool calls in the model's format: one call ({@code parallel_tool_calls: false}) or
 * one or more, each naming a callable tool with arguments valid under that tool's parameters schema. The whole
 * answer follows it for {@code required} and a named choice; for {@code auto} the text from the format's trigger
 * on does ({@link #compile} with {@code fromTrigger}).
 *
 * <p>Arguments: a schema the schema compiler supports is enforced exactly; an unsupported one is an error for a
 * {@code strict} tool and "any JSON object" otherwise. Tagged formats (Qwen3-Coder, GLM, MiniMax, Gemma) write
 * the schema's declared properties (required ones always, in the schema's order), string values raw and the rest
 * as JSON without a {@code <} (their markup's delimiter). Stateless.
 */
public final class ToolGrammar {

    /** Keywords of a tagged format's parameters schema that the property-by-property grammar honours. */
    private static final Set<String> TAGGED_KEYWORDS = Set.of("type", "properties", "required", "additionalProperties",
            "title", "description", "$schema", "$comment", "examples", "default", "$defs", "definitions");
    private static final Set<String> RAW_STRING_KEYWORDS = Set.of("type", "title", "description", "$comment", "examples",
            "default");
    private static final Expr RAW = new Expr.Repeat(new Expr.Chars(CodePoints.single('<').complement()), 0, -1);
    private static final Expr DIGITS = new Expr.Repeat(Expr.range('0', '9'), 1, 3);

    /** A tool whose parameters schema cannot be enforced. */
    public static final class InvalidToolException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int index;
        private final String pointer;

        InvalidToolException(int index, String message, String pointer) {
            super(message);
            this.index = index;
            this.pointer = pointer;
        }

        /** {@return the tool's index in the request's {@code tools}} */
        public int index() {
            return index;
        }

        /** {@return the JSON pointer in the parameters schema} */
        public String pointer() {
            return pointer;
        }
    }

    private final ToolRequest request;
    private final Map<String, Expr> rules = new LinkedHashMap<>();

    private ToolGrammar(ToolRequest request) {
        this.request = request;
    }

    /**
     * @param request     the tools, choice and format
     * @param fromTrigger the grammar of the text from the format's trigger on (auto) rather than the whole answer
     * @return the grammar
     * @throws InvalidToolException if a strict tool's schema cannot be enforced
     * @throws GrammarException     if the grammar is too large
     */
    public static Grammar compile(ToolRequest request, boolean fromTrigger) {
        ToolGrammar g = new ToolGrammar(request);
        g.rules.put("root", Expr.EMPTY);
        g.rules.put("root", g.root(fromTrigger));
        if (g.tagged()) {
            g.rules.replaceAll((name, e) -> withoutLessThan(e));
        }
        return Grammar.of(g.rules, "root");
    }

    private boolean tagged() {
        return switch (request.format()) {
            case QWEN3_CODER, GLM, MINIMAX, GEMMA -> true;
            default -> false;
        };
    }

    private Expr root(boolean fromTrigger) {
        List<Expr> calls = new ArrayList<>();
        List<Tool> callable = request.callable();
        for (Tool t : callable) {
            calls.add(call(t, request.tools().indexOf(t)));
        }
        Expr call = Expr.alt(calls);
        ToolCallFormat f = request.format();
        if (f == ToolCallFormat.HARMONY) {
            return fromTrigger ? call : Expr.seq(Expr.optional(Expr.seq(Expr.lit("<|channel|>analysis<|message|>"), RAW,
                    Expr.lit("<|end|><|start|>assistant"))), Expr.lit("<|channel|>commentary"), call);
        }
        String[] wrap = switch (f) {
            case HERMES, QWEN3_CODER, GLM -> new String[] {"", "\n", ""};
            case LLAMA3 -> new String[] {"", "; ", ""};
            case MISTRAL -> new String[] {"[TOOL_CALLS][", ", ", "]"};
            case GRANITE -> new String[] {"<|tool_call|>[", ", ", "]"};
            case COMMAND_R -> new String[] {"<|START_ACTION|>[", ", ", "]<|END_ACTION|>"};
            case DEEPSEEK -> new String[] {"<｜tool▁calls▁begin｜>", "\n", "<｜tool▁calls▁end｜>"};
            case KIMI_K2 -> new String[] {"<|tool_calls_section_begin|>", "", "<|tool_calls_section_end|>"};
            case MINIMAX -> new String[] {"<minimax:tool_call>\n", "", "</minimax:tool_call>"};
            case GEMMA, FUNCTIONARY -> new String[] {"", "", ""};
            case GENERIC -> new String[] {"{\"tool_calls\": [", ", ", "]}"};
            case HARMONY -> throw new AssertionError();
        };
        rules.put("tool-call", call);
        Expr one = new Expr.Ref("tool-call");
        Expr more = request.parallel() ? new Expr.Repeat(Expr.seq(Expr.lit(wrap[1]), one), 0, -1) : Expr.EMPTY;
        return Expr.seq(Expr.lit(wrap[0]), one, more, Expr.lit(wrap[2]));
    }

    private Expr call(Tool t, int index) {
        String n = t.name();
        return switch (request.format()) {
            case HERMES -> Expr.seq(Expr.lit("<tool_call>\n{\"name\": \"" + n + "\", \"arguments\": "), args(t, index),
                    Expr.lit("}\n</tool_call>"));
            case LLAMA3 -> Expr.seq(Expr.lit("{\"name\": \"" + n + "\", \"parameters\": "), args(t, index), Expr.lit("}"));
            case MISTRAL -> Expr.seq(Expr.lit("{\"name\": \"" + n + "\", \"arguments\": "), args(t, index),
                    Expr.lit(", \"id\": \""), new Expr.Repeat(new Expr.Chars(CodePoints.of(new int[] {'0', '9', 'A', 'Z', 'a', 'z'})), 9, 9),
                    Expr.lit("\"}"));
            case GRANITE, GENERIC -> Expr.seq(Expr.lit("{\"name\": \"" + n + "\", \"arguments\": "), args(t, index), Expr.lit("}"));
            case COMMAND_R -> Expr.seq(Expr.lit("{\"tool_call_id\": \""), DIGITS, Expr.lit("\", \"tool_name\": \"" + n
                    + "\", \"parameters\": "), args(t, index), Expr.lit("}"));
            case DEEPSEEK -> Expr.seq(Expr.lit("<｜tool▁call▁begin｜>function<｜tool▁sep｜>" + n + "\n```json\n"), args(t, index),
                    Expr.lit("\n```<｜tool▁call▁end｜>"));
            case KIMI_K2 -> Expr.seq(Expr.lit("<|tool_call_begin|>functions." + n + ":"), DIGITS,
                    Expr.lit("<|tool_call_argument_begin|>"), args(t, index), Expr.lit("<|tool_call_end|>"));
            case FUNCTIONARY -> Expr.seq(Expr.lit(">>>" + n + "\n"), args(t, index));
            case HARMONY -> Expr.seq(Expr.lit(" to=functions." + n + " <|constrain|>json<|message|>"), args(t, index));
            case QWEN3_CODER -> Expr.seq(Expr.lit("<tool_call>\n<function=" + n + ">\n"),
                    tagged(t, index, k -> "<parameter=" + k + ">\n", "\n</parameter>\n", "", false), Expr.lit("</function>\n</tool_call>"));
            case GLM -> Expr.seq(Expr.lit("<tool_call>" + n + "\n"),
                    tagged(t, index, k -> "<arg_key>" + k + "</arg_key>\n<arg_value>", "</arg_value>\n", "", false),
                    Expr.lit("</tool_call>"));
            case MINIMAX -> Expr.seq(Expr.lit("<invoke name=\"" + n + "\">\n"),
                    tagged(t, index, k -> "<parameter name=\"" + k + "\">", "</parameter>\n", "", false), Expr.lit("</invoke>\n"));
            case GEMMA -> Expr.seq(Expr.lit("<start_function_call>call:" + n + "{"),
                    tagged(t, index, k -> k + ":", "", ",", true), Expr.lit("}<end_function_call>"));
        };
    }

    /** The JSON arguments of a tool. */
    private Expr args(Tool t, int index) {
        JsonObject schema = t.parameters().containsKey("type") ? t.parameters()
                : Jsonp.object(t.parameters()).add("type", "object").build();
        try {
            return JsonSchemaGrammar.embed(schema, rules, "t" + index + "-");
        } catch (GrammarException e) {
            if (t.strict()) {
                throw new InvalidToolException(index, e.getMessage(), e.where());
            }
            return JsonSchemaGrammar.anyObject(rules);
        }
    }

    /**
     * The parameters of a tagged format: each declared property as open(key) value close, joined by sep; required
     * ones always, optional ones or not, in the schema's order.
     */
    private Expr tagged(Tool t, int index, Function<String, String> open, String close, String sep,
                        boolean escapedStrings) {
        JsonObject s = t.parameters();
        for (String k : s.keySet()) {
            if (!TAGGED_KEYWORDS.contains(k)) {
                return refuseOrNone(t, index, "the keyword " + k + " is not supported for the " + request.format().wireName()
                        + " format's parameters", "/" + k);
            }
        }
        JsonObject props = s.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        List<String> required = new ArrayList<>();
        if (s.get("required") instanceof JsonArray r) {
            for (JsonValue v : r) {
                if (!(v instanceof JsonString name) || !props.containsKey(name.getString())) {
                    return refuseOrNone(t, index, "a required property must be declared in properties", "/required");
                }
                required.add(name.getString());
            }
        }
        List<Expr> parts = new ArrayList<>();
        int i = 0;
        for (String key : props.keySet()) {
            JsonValue ps = props.get(key);
            Expr value;
            if (ps instanceof JsonObject po && MarkupBodies.stringTyped(po) && RAW_STRING_KEYWORDS.containsAll(po.keySet())) {
                value = escapedStrings ? Expr.seq(Expr.lit("<escape>"), RAW, Expr.lit("<escape>")) : RAW;
            } else {
                try {
                    value = JsonSchemaGrammar.embed(s, "/properties/" + pointerToken(key), rules, "t" + index + "-p" + i + "-");
                } catch (GrammarException e) {
                    if (t.strict()) {
                        throw new InvalidToolException(index, e.getMessage(), e.where());
                    }
                    value = JsonSchemaGrammar.embed(JsonValue.TRUE, rules, "any-");
                }
            }
            Expr member = Expr.seq(Expr.lit(open.apply(key)), value, Expr.lit(close));
            parts.add(required.contains(key) ? member : Expr.optional(member));
            i++;
        }
        if (sep.isEmpty() || parts.isEmpty()) {
            return new Expr.Seq(parts);
        }
        return separated(parts, props, required, sep);
    }

    /** Members joined by a separator where optional members may be left out (Gemma's {@code ,}). */
    private Expr separated(List<Expr> parts, JsonObject props, List<String> required, String sep) {
        // rule k: the members from k on, given that one came before (so each starts with the separator)
        List<String> keys = new ArrayList<>(props.keySet());
        String base = "sep" + rules.size() + "-";
        for (int k = keys.size(); k >= 0; k--) {
            rules.put(base + k, Expr.EMPTY);
        }
        for (int k = keys.size() - 1; k >= 0; k--) {
            Expr member = ((Expr.Seq) (parts.get(k) instanceof Expr.Repeat r ? r.body() : parts.get(k)));
            Expr with = Expr.seq(Expr.lit(sep), member, new Expr.Ref(base + (k + 1)));
            rules.put(base + k, required.contains(keys.get(k)) ? with : Expr.alt(with, new Expr.Ref(base + (k + 1))));
        }
        // the first member present starts without a separator
        List<Expr> firsts = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            Expr member = parts.get(k) instanceof Expr.Repeat r ? r.body() : parts.get(k);
            firsts.add(Expr.seq(member, new Expr.Ref(base + (k + 1))));
            if (required.contains(keys.get(k))) {
                break;
            }
            if (k == keys.size() - 1) {
                firsts.add(Expr.EMPTY);
            }
        }
        return Expr.alt(firsts);
    }

    private static Expr refuseOrNone(Tool t, int index, String message, String pointer) {
        if (t.strict()) {
            throw new InvalidToolException(index, message, pointer);
        }
        return Expr.EMPTY; // no parameters: the call's arguments are {}
    }

    private static String pointerToken(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The expression with '<' taken out of every character set (literals keep theirs: they are the markup). */
    private static Expr withoutLessThan(Expr e) {
        return switch (e) {
            case Expr.Chars c -> new Expr.Chars(c.set().minus(CodePoints.single('<')));
            case Expr.Seq s -> new Expr.Seq(s.parts().stream().map(ToolGrammar::withoutLessThan).toList());
            case Expr.Alt a -> new Expr.Alt(a.options().stream().map(ToolGrammar::withoutLessThan).toList());
            case Expr.Repeat r -> new Expr.Repeat(withoutLessThan(r.body()), r.min(), r.max());
            case Expr.Lit l -> l;
            case Expr.Ref r -> r;
        };
    }
}
