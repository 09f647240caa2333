package dev.mlxgguf.toolcalls;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser of gpt-oss's Harmony messages: {@code <|channel|>analysis<|message|>...} is reasoning,
 * {@code <|channel|>final<|message|>...} and {@code commentary} without a recipient are answer text, and a
 * message to {@code functions.NAME} is a call with its JSON arguments as the body. A message ends at
 * {@code <|end|>}, {@code <|call|>}, {@code <|return|>}, the next {@code <|start|>} or the end of the text; text
 * outside any message is answer text. Message bodies stream as they come, except a call's.
 */
final class HarmonyParser implements ToolCallParser {

    private static final String MESSAGE = "<|message|>";
    private static final List<String> HEADER_STARTS = List.of("<|start|>", "<|channel|>");
    private static final List<String> BODY_ENDS = List.of("<|end|>", "<|call|>", "<|return|>", "<|start|>");
    private static final Pattern RECIPIENT = Pattern.compile("to=functions\\.([^\\s<]+)");
    private static final Pattern CHANNEL = Pattern.compile("<\\|channel\\|>(\\w+)");

    private enum Where { OUTSIDE, HEADER, BODY }

    private final StringBuilder held = new StringBuilder();
    private Where where = Where.OUTSIDE;
    private String channel = "";
    private String recipient = "";

    @Override
    public List<ToolCallEvent> push(String chunk) {
        held.append(chunk);
        List<ToolCallEvent> out = new ArrayList<>();
        while (step(out, false)) {
            // until no progress
        }
        return out;
    }

    @Override
    public List<ToolCallEvent> finish() {
        List<ToolCallEvent> out = new ArrayList<>();
        while (step(out, true)) {
            // drain
        }
        return out;
    }

    /** One move of the state machine; false when it needs more text. */
    private boolean step(List<ToolCallEvent> out, boolean last) {
        switch (where) {
            case OUTSIDE -> {
                int at = earliest(HEADER_STARTS, 0);
                if (at < 0) {
                    int keep = last ? 0 : partial(HEADER_STARTS);
                    MarkedCallParser.text(out, held.substring(0, held.length() - keep));
                    held.delete(0, held.length() - keep);
                    return false;
                }
                MarkedCallParser.text(out, held.substring(0, at));
                held.delete(0, at);
                where = Where.HEADER;
                return true;
            }
            case HEADER -> {
                int at = held.indexOf(MESSAGE);
                if (at < 0) {
                    if (last) {
                        MarkedCallParser.text(out, held.toString());
                        held.setLength(0);
                        where = Where.OUTSIDE;
                    }
                    return false;
                }
                String header = held.substring(0, at);
                Matcher c = CHANNEL.matcher(header);
                channel = c.find() ? c.group(1) : "";
                Matcher r = RECIPIENT.matcher(header);
                recipient = r.find() ? r.group(1) : "";
                held.delete(0, at + MESSAGE.length());
                where = Where.BODY;
                return true;
            }
            default -> {
                int end = earliest(BODY_ENDS, 0);
                if (!recipient.isEmpty()) {
                    if (end < 0 && !last) {
                        return false;
                    }
                    String body = end < 0 ? held.toString() : held.substring(0, end);
                    held.delete(0, end < 0 ? held.length() : end);
                    var args = CallBodies.arguments(parseOrNull(body));
                    if (args.isPresent()) {
                        out.add(new ToolCallEvent.Call(recipient, args.get()));
                    } else {
                        MarkedCallParser.text(out, body);
                    }
                } else {
                    int keep = end >= 0 || last ? 0 : partial(BODY_ENDS);
                    int stop = end >= 0 ? end : held.length() - keep;
                    String body = held.substring(0, stop);
                    held.delete(0, stop);
                    if (!body.isEmpty()) {
                        out.add(channel.equals("analysis") ? new ToolCallEvent.Reasoning(body) : new ToolCallEvent.Text(body));
                    }
                    if (end < 0) {
                        if (last) {
                            where = Where.OUTSIDE;
                        }
                        return false;
                    }
                }
                // drop the end marker (a <|start|> opens the next header)
                for (String e : BODY_ENDS) {
                    if (held.indexOf(e) == 0 && !e.equals("<|start|>")) {
                        held.delete(0, e.length());
                        break;
                    }
                }
                where = Where.OUTSIDE;
                recipient = "";
                channel = "";
                return !held.isEmpty();
            }
        }
    }

    private static JsonValue parseOrNull(String body) {
        try {
            return Jsonp.parseGenerated(body.strip());
        } catch (RuntimeException e) {
            return JsonValue.NULL;
        }
    }

    private int earliest(List<String> markers, int from) {
        int at = -1;
        for (String m : markers) {
            int i = held.indexOf(m, from);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        return at;
    }

    private int partial(List<String> markers) {
        int keep = 0;
        for (String m : markers) {
            keep = Math.max(keep, MarkedCallParser.partialSuffix(held, m));
        }
        return keep;
    }
}
