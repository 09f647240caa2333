package dev.mlxgguf.toolcalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parser of formats where the whole answer is the call: it starts (after leading white space) with a marker
 * or with the call's JSON opening. Until the start decides, the text is held back; an answer that starts otherwise
 * is text from then on, and a call that does not parse at the end is released as text.
 */
final class WholeAnswerParser implements ToolCallParser {

    private enum Mode { UNDECIDED, TEXT, CALL }

    private final String marker;     // "" = none
    private final String jsonStart;
    private final Function<String, Optional<List<ToolCallEvent.Call>>> body;
    private final StringBuilder held = new StringBuilder();
    private Mode mode = Mode.UNDECIDED;

    /**
     * @param marker    the marker a call may start with ("" for none); it is not part of the body
     * @param jsonStart the text a call's JSON starts with (part of the body)
     * @param body      reads the body's calls, empty if it is not whole
     */
    WholeAnswerParser(String marker, String jsonStart, Function<String, Optional<List<ToolCallEvent.Call>>> body) {
        this.marker = marker;
        this.jsonStart = jsonStart;
        this.body = body;
    }

    @Override
    public List<ToolCallEvent> push(String chunk) {
        if (mode == Mode.TEXT) {
            return chunk.isEmpty() ? List.of() : List.of(new ToolCallEvent.Text(chunk));
        }
        held.append(chunk);
        if (mode == Mode.UNDECIDED) {
            String s = held.toString().stripLeading();
            boolean call = (!marker.isEmpty() && s.startsWith(marker)) || s.startsWith(jsonStart);
            boolean maybe = s.isEmpty() || (!marker.isEmpty() && marker.startsWith(s)) || jsonStart.startsWith(s);
            if (call) {
                mode = Mode.CALL;
            } else if (!maybe) {
                mode = Mode.TEXT;
                String text = held.toString();
                held.setLength(0);
                return List.of(new ToolCallEvent.Text(text));
            }
        }
        return List.of();
    }

    @Override
    public List<ToolCallEvent> finish() {
        String all = held.toString();
        held.setLength(0);
        List<ToolCallEvent> out = new ArrayList<>();
        if (mode == Mode.CALL) {
            String b = all.stripLeading();
            if (!marker.isEmpty() && b.startsWith(marker)) {
                b = b.substring(marker.length());
            }
            Optional<List<ToolCallEvent.Call>> calls = body.apply(b);
            if (calls.isPresent()) {
                out.addAll(calls.get());
                return out;
            }
        }
        if (!all.isEmpty()) {
            out.add(new ToolCallEvent.Text(all));
        }
        mode = Mode.UNDECIDED;
        return out;
    }
}
