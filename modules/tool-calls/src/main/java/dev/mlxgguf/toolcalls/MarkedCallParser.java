package dev.mlxgguf.toolcalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parser of formats that open each call (or a run of calls) with a marker and close it with another, or at
 * the end of the text when there is no closing marker: text outside is released as soon as it cannot be the start
 * of the opening marker; a body is read whole when its closing marker (or the end) arrives. A body that does not
 * parse is released as text, markers included.
 */
final class MarkedCallParser implements ToolCallParser {

    private final String open;
    private final String close;   // "" = the body runs to the end of the text
    private final Function<String, Optional<List<ToolCallEvent.Call>>> body;
    private final StringBuilder held = new StringBuilder();
    private boolean inside;

    /**
     * @param open  the opening marker
     * @param close the closing marker, or "" when a body runs to the end of the text
     * @param body  reads a body's calls, empty if it is not whole
     */
    MarkedCallParser(String open, String close, Function<String, Optional<List<ToolCallEvent.Call>>> body) {
        this.open = open;
        this.close = close;
        this.body = body;
    }

    @Override
    public List<ToolCallEvent> push(String chunk) {
        held.append(chunk);
        List<ToolCallEvent> out = new ArrayList<>();
        while (true) {
            if (!inside) {
                int at = held.indexOf(open);
                if (at < 0) {
                    int keep = partialSuffix(held, open);
                    text(out, held.substring(0, held.length() - keep));
                    held.delete(0, held.length() - keep);
                    return out;
                }
                text(out, held.substring(0, at));
                held.delete(0, at + open.length());
                inside = true;
            } else {
                int end = close.isEmpty() ? -1 : held.indexOf(close);
                if (end < 0) {
                    return out;
                }
                String b = held.substring(0, end);
                held.delete(0, end + close.length());
                inside = false;
                emit(out, b, true);
            }
        }
    }

    @Override
    public List<ToolCallEvent> finish() {
        List<ToolCallEvent> out = new ArrayList<>();
        if (inside) {
            emit(out, held.toString(), false);
        } else {
            text(out, held.toString());
        }
        held.setLength(0);
        inside = false;
        return out;
    }

    private void emit(List<ToolCallEvent> out, String b, boolean closed) {
        Optional<List<ToolCallEvent.Call>> calls = body.apply(b);
        if (calls.isPresent()) {
            out.addAll(calls.get());
        } else {
            text(out, open + b + (closed ? close : ""));
        }
    }

    private static void text(List<ToolCallEvent> out, String s) {
        if (s.isEmpty()) {
            return;
        }
        if (!out.isEmpty() && out.getLast() instanceof ToolCallEvent.Text t) {
            out.set(out.size() - 1, new ToolCallEvent.Text(t.text() + s));
        } else {
            out.add(new ToolCallEvent.Text(s));
        }
    }

    /** The length of the longest suffix of {@code s} that is a proper prefix of {@code marker}. */
    static int partialSuffix(CharSequence s, String marker) {
        for (int k = Math.min(marker.length() - 1, s.length()); k > 0; k--) {
            boolean match = true;
            for (int i = 0; i < k && match; i++) {
                match = s.charAt(s.length() - k + i) == marker.charAt(i);
            }
            if (match) {
                return k;
            }
        }
        return 0;
    }
}
