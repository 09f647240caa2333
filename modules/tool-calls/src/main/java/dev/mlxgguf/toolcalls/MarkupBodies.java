package dev.mlxgguf.toolcalls;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the call bodies of the formats that write calls in markup rather than one JSON object: parameters as
 * tagged values (Qwen3-Coder, GLM 4.x, MiniMax, Gemma), or the function name in markers around JSON arguments
 * (DeepSeek, Kimi K2, Functionary). A tagged value becomes a JSON string where the tool's schema types the
 * parameter as a string (a JSON string literal is read as one), and JSON elsewhere (text that is not JSON stays a
 * string). Immutable.
 *
 * @param tools the request's tools by name (for the parameters' types)
 */
record MarkupBodies(Map<String, Tool> tools) {

    private static final Pattern QWEN_FUNCTION = Pattern.compile("\\s*<function=([^>\\n]+)>(.*)</function>\\s*", Pattern.DOTALL);
    private static final Pattern QWEN_PARAMETER = Pattern.compile("<parameter=([^>\\n]+)>(.*?)</parameter>", Pattern.DOTALL);
    private static final Pattern GLM_CALL = Pattern.compile("\\s*([^\\s<]+)(.*)", Pattern.DOTALL);
    private static final Pattern GLM_PARAMETER = Pattern.compile("<arg_key>(.*?)</arg_key>\\s*<arg_value>(.*?)</arg_value>",
            Pattern.DOTALL);
    private static final Pattern MINIMAX_INVOKE = Pattern.compile("<invoke name=\"([^\"]+)\">(.*?)</invoke>", Pattern.DOTALL);
    private static final Pattern MINIMAX_PARAMETER = Pattern.compile("<parameter name=\"([^\"]+)\">(.*?)</parameter>",
            Pattern.DOTALL);
    private static final Pattern GEMMA_CALL = Pattern.compile("call:([^{\\s]+)\\{(.*)}", Pattern.DOTALL);
    private static final String ESCAPE = "<escape>";
    private static final Pattern DEEPSEEK_CALL = Pattern.compile("<｜tool▁call▁begin｜>(?:function<｜tool▁sep｜>([^\\n<]+)\\n"
            + "```json\\n(.*?)\\n```|([^<\\n]+)<｜tool▁sep｜>(.*?))<｜tool▁call▁end｜>", Pattern.DOTALL);
    private static final Pattern KIMI_CALL = Pattern.compile("<\\|tool_call_begin\\|>\\s*((?:functions\\.)?([^:<\\s]+):\\d+)\\s*"
            + "<\\|tool_call_argument_begin\\|>(.*?)<\\|tool_call_end\\|>", Pattern.DOTALL);
    private static final Pattern FUNCTIONARY_CALL = Pattern.compile("([^\\n{]+)\\n(.*)", Pattern.DOTALL);

    /** Qwen3-Coder: {@code <function=NAME><parameter=KEY>\nVALUE\n</parameter></function>}. */
    Optional<List<ToolCallEvent>> qwenCoder(String body) {
        Matcher m = QWEN_FUNCTION.matcher(body);
        if (!m.matches()) {
            return Optional.empty();
        }
        return parameters(m.group(1).strip(), m.group(2), QWEN_PARAMETER, true).map(List::of);
    }

    /** GLM 4.x: {@code NAME\n<arg_key>KEY</arg_key>\n<arg_value>VALUE</arg_value>}. */
    Optional<List<ToolCallEvent>> glm(String body) {
        Matcher m = GLM_CALL.matcher(body);
        if (!m.matches()) {
            return Optional.empty();
        }
        return parameters(m.group(1), m.group(2), GLM_PARAMETER, false).map(List::of);
    }

    /** MiniMax: {@code <invoke name="NAME"><parameter name="KEY">VALUE</parameter></invoke>}, one or more. */
    Optional<List<ToolCallEvent>> minimax(String body) {
        return items(MINIMAX_INVOKE, body).flatMap(invokes -> {
            List<ToolCallEvent> out = new ArrayList<>();
            for (MatchResult r : invokes) {
                Optional<ToolCallEvent> c = parameters(r.group(1), r.group(2), MINIMAX_PARAMETER, false);
                if (c.isEmpty()) {
                    return Optional.empty();
                }
                out.add(c.get());
            }
            return Optional.of(out);
        });
    }

    /** Gemma (FunctionGemma): {@code call:NAME{key:<escape>text<escape>,key:JSON}}. */
    Optional<List<ToolCallEvent>> gemma(String body) {
        Matcher m = GEMMA_CALL.matcher(body.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String name = m.group(1);
        String s = m.group(2);
        JsonObjectBuilder args = Jsonp.object();
        int at = 0;
        while (at < s.length()) {
            int colon = s.indexOf(':', at);
            if (colon < 0) {
                return Optional.empty();
            }
            String key = s.substring(at, colon).strip();
            int v = colon + 1;
            JsonValue value;
            int end;
            if (s.startsWith(ESCAPE, v)) {
                int close = s.indexOf(ESCAPE, v + ESCAPE.length());
                if (close < 0) {
                    return Optional.empty();
                }
                value = Jsonp.string(s.substring(v + ESCAPE.length(), close));
                end = close + ESCAPE.length();
            } else {
                end = JsonExtent.end(s, v);
                if (end < 0) {
                    return Optional.empty();
                }
                try {
                    value = Jsonp.parseGenerated(s.substring(v, end));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            }
            if (key.isEmpty()) {
                return Optional.empty();
            }
            args.add(key, value);
            at = end;
            if (at < s.length()) {
                if (s.charAt(at) != ',') {
                    return Optional.empty();
                }
                at++;
            }
        }
        return Optional.of(List.of(new ToolCallEvent.Call(name, Jsonp.write(args.build()))));
    }

    /** DeepSeek V3/R1: {@code <｜tool▁call▁begin｜>function<｜tool▁sep｜>NAME\n```json\nARGS\n```<｜tool▁call▁end｜>}, one or more. */
    Optional<List<ToolCallEvent>> deepseek(String body) {
        return items(DEEPSEEK_CALL, body).flatMap(calls -> {
            List<ToolCallEvent> out = new ArrayList<>();
            for (MatchResult r : calls) {
                String name = r.group(1) != null ? r.group(1) : r.group(3);
                Optional<String> args = json(r.group(1) != null ? r.group(2) : r.group(4));
                if (args.isEmpty()) {
                    return Optional.empty();
                }
                out.add(new ToolCallEvent.Call(name.strip(), args.get()));
            }
            return Optional.of(out);
        });
    }

    /** Kimi K2: {@code <|tool_call_begin|>functions.NAME:IDX<|tool_call_argument_begin|>ARGS<|tool_call_end|>}, one or more. */
    Optional<List<ToolCallEvent>> kimi(String body) {
        return items(KIMI_CALL, body).flatMap(calls -> {
            List<ToolCallEvent> out = new ArrayList<>();
            for (MatchResult r : calls) {
                Optional<String> args = json(r.group(3));
                if (args.isEmpty()) {
                    return Optional.empty();
                }
                out.add(new ToolCallEvent.Call(r.group(2), args.get(), r.group(1)));
            }
            return Optional.of(out);
        });
    }

    /** Functionary v3.2, after {@code >>>}: {@code NAME\n{ARGS}}, or {@code all\n} and answer text. */
    Optional<List<ToolCallEvent>> functionary(String body) {
        Matcher m = FUNCTIONARY_CALL.matcher(body);
        if (!m.matches()) {
            return Optional.empty();
        }
        if (m.group(1).equals("all")) {
            return Optional.of(m.group(2).isEmpty() ? List.of() : List.of(new ToolCallEvent.Text(m.group(2))));
        }
        return json(m.group(2)).map(args -> List.of(new ToolCallEvent.Call(m.group(1).strip(), args)));
    }

    private Optional<ToolCallEvent> parameters(String name, String rest, Pattern parameter, boolean trimNewlines) {
        Optional<List<MatchResult>> params = rest.isBlank() ? Optional.of(List.of()) : items(parameter, rest);
        if (params.isEmpty() || name.isEmpty()) {
            return Optional.empty();
        }
        JsonObject schema = Optional.ofNullable(tools.get(name)).map(Tool::parameters).orElse(JsonValue.EMPTY_JSON_OBJECT);
        JsonObject properties = schema.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonObjectBuilder args = Jsonp.object();
        for (MatchResult r : params.get()) {
            String value = r.group(2);
            if (trimNewlines) {
                value = value.startsWith("\n") ? value.substring(1) : value;
                value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
            }
            String key = r.group(1).strip();
            args.add(key, typed(value, properties.get(key) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT));
        }
        return Optional.of(new ToolCallEvent.Call(name, Jsonp.write(args.build())));
    }

    /**
     * @param raw    a tagged value's text
     * @param schema the parameter's schema
     * @return the value: a string where the schema says string, else JSON where the text is JSON
     */
    static JsonValue typed(String raw, JsonObject schema) {
        JsonValue parsed = null;
        try {
            parsed = Jsonp.parseGenerated(raw.strip());
        } catch (RuntimeException e) {
            // not JSON: a string
        }
        if (stringTyped(schema)) {
            return parsed instanceof JsonString s ? s : Jsonp.string(raw);
        }
        return parsed != null ? parsed : Jsonp.string(raw);
    }

    /** Whether a parameter's schema allows only strings (its values are written raw in tagged formats). */
    static boolean stringTyped(JsonObject schema) {
        JsonValue type = schema.get("type");
        if (type instanceof JsonString s) {
            return s.getString().equals("string");
        }
        if (type instanceof JsonArray a) {
            return a.size() == 1 && a.get(0) instanceof JsonString s && s.getString().equals("string");
        }
        return false;
    }

    private static Optional<String> json(String text) {
        try {
            return Jsonp.parseGenerated(text.strip()) instanceof JsonObject o ? Optional.of(Jsonp.write(o)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The matches of {@code item} that make up all of {@code body}, with only white space around them. */
    private static Optional<List<MatchResult>> items(Pattern item, String body) {
        Matcher m = item.matcher(body);
        List<MatchResult> out = new ArrayList<>();
        int at = 0;
        while (m.find(at)) {
            if (!body.substring(at, m.start()).isBlank()) {
                return Optional.empty();
            }
            out.add(m.toMatchResult());
            at = m.end();
        }
        return out.isEmpty() || !body.substring(at).isBlank() ? Optional.empty() : Optional.of(out);
    }
}
