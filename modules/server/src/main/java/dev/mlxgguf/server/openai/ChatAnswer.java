package dev.mlxgguf.server.openai;

import dev.mlxgguf.api.FinishReason;
import dev.mlxgguf.api.GenerationResult;
import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.toolcalls.AnswerParser;
import dev.mlxgguf.toolcalls.ReasoningFormat;
import dev.mlxgguf.toolcalls.ToolCallEvent;
import dev.mlxgguf.toolcalls.ToolCallFormat;
import dev.mlxgguf.toolcalls.ToolChoice;
import dev.mlxgguf.toolcalls.ToolRequest;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One chat answer as OpenAI shapes it, built from the generated text as it arrives: {@code content}, the
 * {@code reasoning_content} split off the family's reasoning markers, and {@code tool_calls} parsed in the model's
 * format (when the request has tools and does not say {@code none}). {@link #push} returns the stream's deltas;
 * the accessors give the whole message. White space between calls is not content.
 *
 * <p>One per request; confined to the request's thread.
 */
final class ChatAnswer {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * A call as the answer carries it.
     *
     * @param id        its id
     * @param name      the function
     * @param arguments JSON text of an object
     */
    record Call(String id, String name, String arguments) {
    }

    private final AnswerParser parser;
    private final ToolCallFormat format;
    private final boolean parsesCalls;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final List<Call> calls = new ArrayList<>();
    private String blank = "";

    /**
     * @param tools            the request's tools in the model's format, if any
     * @param reasoningFormat  the model's reasoning markers
     * @param startsInReasoning whether the prompt left a reasoning block open
     */
    ChatAnswer(Optional<ToolRequest> tools, ReasoningFormat reasoningFormat, boolean startsInReasoning) {
        this.parsesCalls = tools.isPresent() && tools.get().choice().mode() != ToolChoice.Mode.NONE;
        this.format = tools.map(ToolRequest::format).orElse(ToolCallFormat.GENERIC);
        this.parser = new AnswerParser(reasoningFormat, startsInReasoning,
                parsesCalls ? Optional.of(format.parser(tools.get().tools())) : Optional.empty());
    }

    /** {@return whether the text needs parsing at all (else it is all content, as generated)} */
    static boolean needed(Optional<ToolRequest> tools, ReasoningFormat reasoningFormat) {
        return reasoningFormat != ReasoningFormat.NONE
                || (tools.isPresent() && tools.get().choice().mode() != ToolChoice.Mode.NONE);
    }

    /** @param text generated text @return the stream deltas it completes */
    List<JsonObject> push(String text) {
        return deltas(parser.push(text));
    }

    /** {@return the deltas of what the text's end releases} */
    List<JsonObject> finish() {
        List<JsonObject> out = deltas(parser.finish());
        if (calls.isEmpty() && !blank.isEmpty()) {
            content.append(blank);
            out.add(Jsonp.object().add("content", blank).build());
            blank = "";
        }
        return out;
    }

    private List<JsonObject> deltas(List<ToolCallEvent> events) {
        List<JsonObject> out = new ArrayList<>();
        for (ToolCallEvent e : events) {
            switch (e) {
                case ToolCallEvent.Reasoning r -> {
                    reasoning.append(r.text());
                    out.add(Jsonp.object().add("reasoning_content", r.text()).build());
                }
                case ToolCallEvent.Text t -> {
                    if (parsesCalls && t.text().isBlank()) {
                        blank += t.text(); // white space around calls: content only if more text follows
                    } else {
                        String text = blank + t.text();
                        blank = "";
                        content.append(text);
                        out.add(Jsonp.object().add("content", text).build());
                    }
                }
                case ToolCallEvent.Call c -> {
                    blank = "";
                    Call call = new Call(format.callId(c, random()), c.name(), c.arguments());
                    int index = calls.size();
                    calls.add(call);
                    out.add(Jsonp.object().add("tool_calls", Jsonp.array().add(Jsonp.object().add("index", index)
                            .add("id", call.id()).add("type", "function")
                            .add("function", Jsonp.object().add("name", call.name()).add("arguments", "")))).build());
                    out.add(Jsonp.object().add("tool_calls", Jsonp.array().add(Jsonp.object().add("index", index)
                            .add("function", Jsonp.object().add("arguments", call.arguments())))).build());
                }
            }
        }
        return out;
    }

    /** {@return the whole message: role, content (null when there are calls and no text), reasoning, calls} */
    JsonObjectBuilder message() {
        JsonObjectBuilder m = Jsonp.object().add("role", "assistant");
        if (content.isEmpty() && !calls.isEmpty()) {
            m.addNull("content");
        } else {
            m.add("content", content.toString());
        }
        if (!reasoning.isEmpty()) {
            m.add("reasoning_content", reasoning.toString());
        }
        if (!calls.isEmpty()) {
            var array = Jsonp.array();
            for (Call c : calls) {
                array.add(Jsonp.object().add("id", c.id()).add("type", "function")
                        .add("function", Jsonp.object().add("name", c.name()).add("arguments", c.arguments())));
            }
            m.add("tool_calls", array);
        }
        return m;
    }

    /** {@return the calls so far} */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** @param result how the generation ended @return {@code tool_calls} when it stopped after calls, else its reason */
    String finishReason(GenerationResult result) {
        return !calls.isEmpty() && result.finishReason() == FinishReason.STOP ? "tool_calls"
                : result.finishReason().wireName();
    }

    private static String random() {
        StringBuilder b = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            b.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return b.toString();
    }
}
