package dev.mlxgguf.template;

import dev.mlxgguf.api.ChatMessage;
import dev.mlxgguf.api.InvalidRequestException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a {@link Prompt.Chat} with a model's chat template the way {@code transformers}'
 * {@code apply_chat_template} does. The template sees:
 * <ul>
 *   <li>{@code messages}: one dict per message with {@code role}, {@code content} ({@code None} when the
 *       message has none) and every {@link ChatMessage#extras()} entry as given (extras cannot replace
 *       {@code role} or {@code content});</li>
 *   <li>{@code tools}: the tool definitions, or {@code None} when there are none; {@code documents}:
 *       {@code None} unless a template kwarg supplies it;</li>
 *   <li>{@code add_generation_prompt}; {@code bos_token} and {@code eos_token} when the model has them;</li>
 *   <li>each {@link Prompt.Chat#templateKwargs()} entry (e.g. {@code enable_thinking}) as a top-level
 *       variable, overriding the special tokens as HF's {@code {**special_tokens, **kwargs}} does.</li>
 * </ul>
 * Tool-call arguments: OpenAI clients send {@code tool_calls[].function.arguments} as a JSON string, while
 * HF templates treat it as a mapping ({@code arguments|tojson}, {@code arguments.items()}). A string that
 * parses as a JSON object is therefore replaced by that object (as vLLM and llama.cpp do); any other
 * string is passed unchanged. Immutable and thread-safe.
 *
 * @param template the model's template
 * @param bosToken the beginning-of-sequence token, or {@code null} when the model has none
 * @param eosToken the end-of-sequence token, or {@code null} when the model has none
 */
public record ChatTemplateRenderer(ChatTemplate template, String bosToken, String eosToken) {

    private static final Set<String> RESERVED = Set.of("messages", "tools", "add_generation_prompt");

    /** Checks the components: a null or out-of-range one throws. */
    public ChatTemplateRenderer {
        Objects.requireNonNull(template, "template");
    }

    /**
     * Renders with the system clock and default limits.
     *
     * @param chat the conversation
     * @return the prompt text
     * @throws TemplateException       if the template fails (e.g. {@code raise_exception} on a role order it
     *                                 does not support)
     * @throws InvalidRequestException if a template kwarg is named {@code messages}, {@code tools} or
     *                                 {@code add_generation_prompt}
     */
    public String render(Prompt.Chat chat) {
        return render(chat, RenderOptions.defaults());
    }

    /**
     * Renders.
     *
     * @param chat    the conversation
     * @param options the clock and limits
     * @return the prompt text
     * @throws TemplateException       if the template fails
     * @throws InvalidRequestException if a template kwarg uses a reserved name
     */
    public String render(Prompt.Chat chat, RenderOptions options) {
        return template.render(variables(chat), options);
    }

    /**
     * Builds the render variables for a conversation, as described on the class.
     *
     * @param chat the conversation
     * @return the variables (a new mutable map)
     * @throws InvalidRequestException if a template kwarg uses a reserved name
     */
    public Map<String, Object> variables(Prompt.Chat chat) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (bosToken != null) {
            vars.put("bos_token", bosToken);
        }
        if (eosToken != null) {
            vars.put("eos_token", eosToken);
        }
        vars.put("documents", null);
        for (Map.Entry<String, Object> e : chat.templateKwargs().entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new InvalidRequestException("chat template kwarg '" + e.getKey() + "' is reserved",
                        "chat_template_kwargs");
            }
            vars.put(e.getKey(), e.getValue());
        }
        List<Object> messages = new ArrayList<>(chat.messages().size());
        for (ChatMessage m : chat.messages()) {
            messages.add(message(m));
        }
        vars.put("messages", messages);
        vars.put("tools", chat.tools().isEmpty() ? null : chat.tools());
        vars.put("add_generation_prompt", chat.addGenerationPrompt());
        return vars;
    }

    private static Map<String, Object> message(ChatMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("role", m.role());
        out.put("content", m.content());
        for (Map.Entry<String, Object> e : m.extras().entrySet()) {
            if (!out.containsKey(e.getKey())) {
                out.put(e.getKey(), e.getKey().equals("tool_calls") ? toolCalls(e.getValue()) : e.getValue());
            }
        }
        return out;
    }

    private static Object toolCalls(Object value) {
        if (!(value instanceof List<?> calls)) {
            return value;
        }
        List<Object> out = new ArrayList<>(calls.size());
        for (Object call : calls) {
            if (call instanceof Map<?, ?> c) {
                Map<Object, Object> copy = new LinkedHashMap<>(c);
                copy.computeIfPresent("arguments", (k, v) -> parseArguments(v));
                copy.computeIfPresent("function", (k, f) -> {
                    if (f instanceof Map<?, ?> fn) {
                        Map<Object, Object> function = new LinkedHashMap<>(fn);
                        function.computeIfPresent("arguments", (k2, v) -> parseArguments(v));
                        return function;
                    }
                    return f;
                });
                out.add(copy);
            } else {
                out.add(call);
            }
        }
        return out;
    }

    private static Object parseArguments(Object value) {
        if (value instanceof String s) {
            try {
                return Jsonp.parse(s) instanceof JsonObject o ? JsonTrees.toJdk(o) : s;
            } catch (JsonException e) {
                return s;
            }
        }
        return value;
    }
}
