package dev.mlxgguf.toolcalls;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The parser of formats that open a call (or a run of calls) with a marker and close it with another, at the
 * next opening marker, or at the end of the text: text outside is released as soon as it cannot be the start of
 * an opening marker; a body is read whole when its end arrives. A body that does not parse is released as text,
 * markers included, so nothing the model wrote is lost.
 */
final class MarkedCallParser implements ToolCallParser {

    /**
     * An opening marker.
     *
     * @param marker the text
     * @param keep   whether the marker is part of the body (a JSON opening such as {@code {"name"}) rather than
     *               a separate marker
     */
    record Open(String marker, boolean keep) {
    }

    /** How a body ends. */
    enum Close {
        /** At the closing marker. */
        MARKER,
        /** At the end of the text. */
        END,
        /** At the next opening marker or the end of the text. */
        NEXT_OPEN
    }

    private final List<Open> opens;
    private final Close closeKind;
    private final String close;
    private final Function<String, Optional<List<ToolCallEvent>>> body;
    private final StringBuilder held = new StringBuilder();
    private Open inside;

    /**
     * @param opens     the opening markers
     * @param closeKind how a body ends
     * @param close     the closing marker ({@link Close#MARKER}), else ""
     * @param body      reads a body (the opening marker included when it is kept) into events, empty if it is not
     *                  whole
     */
    MarkedCallParser(List<Open> opens, Close closeKind, String close,
                     Function<String, Optional<List<ToolCallEvent>>> body) {
        this.opens = List.copyOf(opens);
        this.closeKind = closeKind;
        this.close = close;
        this.body = body;
    }

    /** One opening marker that is not part of the body. */
    static MarkedCallParser of(String open, Close closeKind, String close,
                               Function<String, Optional<List<ToolCallEvent>>> body) {
        return new MarkedCallParser(List.of(new Open(open, false)), closeKind, close, body);
    }

    @Override
    public List<ToolCallEvent> push(String chunk) {
        held.append(chunk);
        List<ToolCallEvent> out = new ArrayList<>();
        while (true) {
            if (inside == null) {
                int at = -1;
                Open first = null;
                for (Open o : opens) {
                    int i = held.indexOf(o.marker());
                    if (i >= 0 && (at < 0 || i < at)) {
                        at = i;
                        first = o;
                    }
                }
                if (first == null) {
                    int keep = 0;
                    for (Open o : opens) {
                        keep = Math.max(keep, partialSuffix(held, o.marker()));
                    }
                    text(out, held.substring(0, held.length() - keep));
                    held.delete(0, held.length() - keep);
                    return out;
                }
                text(out, held.substring(0, at));
                held.delete(0, at + (first.keep() ? 0 : first.marker().length()));
                inside = first;
            } else {
                int end = switch (closeKind) {
                    case MARKER -> held.indexOf(close);
                    case END -> -1;
                    case NEXT_OPEN -> nextOpen();
                };
                if (end < 0) {
                    return out;
                }
                String b = held.substring(0, end);
                held.delete(0, end + (closeKind == Close.MARKER ? close.length() : 0));
                emit(out, b, closeKind == Close.MARKER);
                inside = null;
            }
        }
    }

    private int nextOpen() {
        int from = inside.keep() ? inside.marker().length() : 0;
        int at = -1;
        for (Open o : opens) {
            int i = held.indexOf(o.marker(), from);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        return at;
    }

    @Override
    public List<ToolCallEvent> finish() {
        List<ToolCallEvent> out = new ArrayList<>();
        if (inside != null) {
            emit(out, held.toString(), false);
        } else {
            text(out, held.toString());
        }
        held.setLength(0);
        inside = null;
        return out;
    }

    private void emit(List<ToolCallEvent> out, String b, boolean closed) {
        Optional<List<ToolCallEvent>> events = body.apply(b);
        if (events.isPresent()) {
            for (ToolCallEvent e : events.get()) {
                if (e instanceof ToolCallEvent.Text t) {
                    text(out, t.text());
                } else {
                    out.add(e);
                }
            }
        } else {
            text(out, (inside.keep() ? "" : inside.marker()) + b + (closed ? close : ""));
        }
    }

    /** Appends text, joined to a text event just before it. */
    static void text(List<ToolCallEvent> out, String s) {
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
